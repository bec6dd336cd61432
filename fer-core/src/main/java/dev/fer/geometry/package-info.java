/** Points, boxes, five-point landmarks and transforms, in original-image pixels. */
package dev.fer.geometry;
