/**
 * Java2D pictures: analysis overlays ({@link dev.fer.examples.draw.Annotator}), the emotion timeline of a video and
 * the confusion-matrix heat map of an evaluation, all in one emotion palette.
 */
package dev.fer.examples.draw;
