/**
 * Java2D overlays: {@link dev.fer.draw.Annotator} draws boxes, landmarks, emotion panels and track ids over
 * pictures and video frames, in the one emotion colour scheme of {@link dev.fer.draw.Palette}. Needs only
 * {@code java.desktop}; works headless.
 */
package dev.fer.draw;
