/** Decoders of raw detector outputs into {@link dev.fer.result.Detection}s, NMS and letterbox mapping. */
package dev.fer.detect;
