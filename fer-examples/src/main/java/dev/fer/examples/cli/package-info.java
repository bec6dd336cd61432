/**
 * The commands behind {@link dev.fer.examples.Main} on picocli: the top-level {@link dev.fer.examples.cli.FerCli}
 * (sub-commands, exit statuses, one-line errors), one {@link dev.fer.examples.cli.BaseCommand} per sub-command, the
 * shared pipeline options ({@link dev.fer.examples.cli.PipelineArgs}), JSON output on Jackson, CSV writing and
 * progress reporting. Entry points take the arguments and two print streams and return the exit status, so they
 * run in tests without {@code System.exit}.
 */
package dev.fer.examples.cli;
