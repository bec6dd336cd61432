/** The model catalog and the verified model repository (cache, mirror, download, SHA-256). */
package dev.fer.model;
