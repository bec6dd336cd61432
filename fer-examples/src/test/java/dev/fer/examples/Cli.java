package dev.fer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main#run} in-process and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    /**
     * The outcome of one run.
     *
     * @param code exit status
     * @param out standard output
     * @param err standard error
     */
    public record Result(int code, String out, String err) {
        /**
         * Asserts that the run failed with status 2 and exactly one line on stderr, without a stack trace.
         *
         * @return the error line
         */
        public String usageError() {
            assertThat(code).as("exit code; stderr: %s", err).isEqualTo(2);
            assertThat(err.lines().toList()).as("stderr lines").hasSize(1);
            assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
            return err.strip();
        }

        /**
         * Asserts that the run succeeded.
         *
         * @return this
         */
        public Result ok() {
            assertThat(code).as("exit code; stderr: %s", err).isZero();
            return this;
        }
    }

    /**
     * Runs the program.
     *
     * @param args command and arguments
     * @return what happened
     */
    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
