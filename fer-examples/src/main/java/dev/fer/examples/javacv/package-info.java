/**
 * Adapters between JavaCV / OpenCV ({@code Frame}, {@code Mat}) and fer-java's {@code FerImage}. Kept in the examples
 * module so the library itself never depends on JavaCV.
 */
package dev.fer.examples.javacv;
