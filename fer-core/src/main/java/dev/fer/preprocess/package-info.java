/** Pure-Java preprocessing bit-exact with OpenCV: resize, letterbox, crop, affine warp, normalisation into tensors. */
package dev.fer.preprocess;
