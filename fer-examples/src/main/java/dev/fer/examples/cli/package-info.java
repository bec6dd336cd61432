/**
 * The commands behind {@link dev.fer.examples.Main}: a small argument parser, JSON and CSV writers, progress
 * reporting, and one {@link dev.fer.examples.cli.Command} per sub-command. Entry points take the arguments and two
 * print streams and return the exit status, so they run in tests without {@code System.exit}.
 */
package dev.fer.examples.cli;
