package dev.fer.examples.cli;

import dev.fer.FerException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * One sub-command of {@code fer-examples}, declared with picocli annotations ({@code @Command}, {@code @Option},
 * {@code @Parameters}, {@code @Mixin PipelineArgs}) and registered in {@link FerCli}. Running it never throws and
 * never prints a stack trace: usage mistakes (unknown options, missing files) print one line on stderr and return
 * {@value #USAGE}, failures at work (a model that cannot be loaded, a file that cannot be written) print one line and
 * return {@value #FAILED} (see {@link FerCli}). Set {@code -Dfer.examples.stacktrace=true} to see the stack trace of
 * a failure.
 *
 * <p>A subclass implements {@link #execute(PrintStream, PrintStream)}; it throws {@link UsageException} for a
 * mistake on the command line and anything else for a failure. Commands hold no state between runs; picocli creates
 * a fresh instance for each run. Not thread-safe.
 */
public abstract class BaseCommand implements Callable<Integer> {
    /** The program name used in messages and help. */
    public static final String PROGRAM = "fer-examples";

    /** Exit status of a successful run. */
    public static final int OK = 0;
    /** Exit status of a run that failed at work. */
    public static final int FAILED = 1;
    /** Exit status of a usage mistake. */
    public static final int USAGE = 2;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    /** This command's model, injected by picocli. */
    @Spec
    protected CommandSpec spec;

    /** The top-level command, which holds the output streams; injected by picocli. */
    @ParentCommand
    private FerCli root;

    /**
     * The name typed on the command line.
     *
     * @return for example {@code analyze}
     */
    public String name() {
        return spec.name();
    }

    /**
     * Does the work once the arguments are parsed into this object's fields.
     *
     * @param out standard output
     * @param err standard error (progress, warnings)
     * @return the exit status
     * @throws Exception anything; {@link FerCli} turns it into one line
     */
    protected abstract int execute(PrintStream out, PrintStream err) throws Exception;

    @Override
    public final Integer call() throws Exception {
        return execute(root.out(), root.err());
    }

    /**
     * A failure as one line of text: the message when there is one, else the exception type.
     *
     * @param e the failure
     * @return one line
     */
    public static String describe(Throwable e) {
        String msg = e.getMessage();
        if (e instanceof FerException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return oneLine(msg == null ? e.getClass().getSimpleName() : msg);
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (e instanceof IOException && msg != null) {
            return oneLine(e.getClass().getSimpleName() + ": " + msg);
        }
        return oneLine(msg == null ? e.toString() : e.getClass().getSimpleName() + ": " + msg);
    }

    /**
     * Collapses line breaks and runs of blanks.
     *
     * @param text any text
     * @return the text on one line
     */
    public static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Checks that an input file exists and is a regular file.
     *
     * @param arg the path as typed
     * @return the path
     * @throws UsageException when it does not exist or is a directory
     */
    protected static Path existingFile(String arg) {
        Path p = Path.of(arg);
        if (!Files.exists(p)) {
            throw new UsageException("no such file: " + arg);
        }
        if (!Files.isRegularFile(p)) {
            throw new UsageException("not a regular file: " + arg);
        }
        return p;
    }

    /**
     * Checks that an input directory exists.
     *
     * @param arg the path as typed
     * @return the path
     * @throws UsageException when it does not exist or is not a directory
     */
    protected static Path existingDirectory(String arg) {
        Path p = Path.of(arg);
        if (!Files.exists(p)) {
            throw new UsageException("no such directory: " + arg);
        }
        if (!Files.isDirectory(p)) {
            throw new UsageException("not a directory: " + arg);
        }
        return p;
    }

    /**
     * Checks that an output file can be created: it is not a directory and its folder exists. A folder is never
     * created on the user's behalf, so a mistyped path is an error instead of a surprise folder.
     *
     * @param arg the path as typed
     * @return the path
     * @throws UsageException when the path is a directory or its folder does not exist
     */
    protected static Path outputFile(String arg) {
        Path p = Path.of(arg);
        if (Files.isDirectory(p)) {
            throw new UsageException("output " + arg + " is a directory; name a file");
        }
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException("the folder of output " + arg + " does not exist (" + parent
                    + "); create it first");
        }
        return p;
    }

    /**
     * The file name with its extension replaced, in the same folder.
     *
     * @param file a file such as {@code out/timeline.csv}
     * @param extension the new extension without dot, such as {@code png}
     * @return for example {@code out/timeline.png}
     */
    protected static Path sibling(Path file, String extension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(base + "." + extension);
    }
}
