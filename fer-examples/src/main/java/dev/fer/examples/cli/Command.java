package dev.fer.examples.cli;

import dev.fer.FerException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One sub-command of {@code fer-examples}. {@link #run(String[], PrintStream, PrintStream)} never throws and never
 * prints a stack trace: usage mistakes (unknown options, missing files) print one line on stderr and return 2,
 * failures at work (a model that cannot be loaded, a file that cannot be written) print one line and return 1.
 * Set {@code -Dfer.examples.stacktrace=true} to see the stack trace of a failure.
 *
 * <p>Commands hold no state between runs; each run is independent.
 */
public abstract class Command {
    /** The program name used in messages and help. */
    public static final String PROGRAM = "fer-examples";

    /** Exit status of a successful run. */
    public static final int OK = 0;
    /** Exit status of a run that failed at work. */
    public static final int FAILED = 1;
    /** Exit status of a usage mistake. */
    public static final int USAGE = 2;

    /**
     * The name typed on the command line.
     *
     * @return for example {@code analyze}
     */
    public abstract String name();

    /**
     * One line for the command list.
     *
     * @return the summary
     */
    public abstract String summary();

    /**
     * Declares the options of this command.
     *
     * @return a fresh declaration
     */
    protected abstract CommandLine commandLine();

    /**
     * Does the work once the arguments are parsed.
     *
     * @param args the parsed arguments
     * @param out standard output
     * @param err standard error (progress, warnings)
     * @return the exit status
     * @throws Exception anything; {@link #run} turns it into one line
     */
    protected abstract int execute(CommandLine.Parsed args, PrintStream out, PrintStream err) throws Exception;

    /**
     * Parses the arguments and runs the command.
     *
     * @param args the arguments after the command name
     * @param out standard output
     * @param err standard error
     * @return the exit status: 0 done, 1 failed, 2 usage mistake
     */
    public final int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine();
        try {
            CommandLine.Parsed parsed = cl.parse(args);
            if (parsed.help()) {
                out.print(cl.help(PROGRAM));
                return OK;
            }
            return execute(parsed, out, err);
        } catch (UsageException e) {
            err.println(PROGRAM + " " + name() + ": " + oneLine(e.getMessage()) + " (see '" + PROGRAM + " "
                    + name() + " --help')");
            return USAGE;
        } catch (Exception e) {
            err.println(PROGRAM + " " + name() + ": " + describe(e));
            if (Boolean.getBoolean("fer.examples.stacktrace")) {
                e.printStackTrace(err);
            }
            return FAILED;
        }
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
     * Checks that an output file can be created: its folder exists (or is created) and it is not a directory.
     *
     * @param arg the path as typed
     * @return the path
     * @throws UsageException when the folder cannot be created or the path is a directory
     */
    protected static Path outputFile(String arg) {
        Path p = Path.of(arg).toAbsolutePath();
        if (Files.isDirectory(p)) {
            throw new UsageException("output " + arg + " is a directory; name a file");
        }
        Path parent = p.getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UsageException("cannot create the folder of output " + arg + ": " + oneLine(e.toString()));
        }
        return Path.of(arg);
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
