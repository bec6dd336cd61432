/**
 * Accuracy evaluation of a pipeline on a folder-per-label dataset: overall and per-class accuracy, macro average
 * and the confusion matrix, in the per-class table format of the seed paper.
 */
package dev.fer.eval;
