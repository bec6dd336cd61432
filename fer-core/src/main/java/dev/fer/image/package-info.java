/** Immutable 8-bit images and their decoding from files, bytes and {@code BufferedImage}s. */
package dev.fer.image;
