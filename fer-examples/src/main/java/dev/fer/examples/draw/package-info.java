/**
 * Java2D charts of the example programs: the emotion timeline of a video and the confusion-matrix heat map of an
 * evaluation, in the emotion palette of {@link dev.fer.draw.Palette}. Overlays on pictures are drawn by
 * {@link dev.fer.draw.Annotator} in fer-core.
 */
package dev.fer.examples.draw;
