/** Service-provider interface through which fer-core finds a runtime backend (fer-onnx) for catalog ids. */
package dev.fer.spi;
