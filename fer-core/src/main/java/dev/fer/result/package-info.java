/** Immutable result records: detections, emotion scores, per-face and per-image analyses. */
package dev.fer.result;
