/**
 * Runnable example programs of fer-java. {@link dev.fer.examples.Main} is the {@code java -jar fer-examples.jar}
 * entry point (analyze, batch, video, webcam, evaluate, models); the {@code *Example} classes are short programs
 * to copy, one per task, each a single {@code main} that uses only the public API.
 */
package dev.fer.examples;
