package dev.fer.examples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The top-level {@code fer-examples} command: the list of sub-commands, and how a run ends. It is the one place
 * that maps outcomes to exit statuses:
 * <ul>
 *   <li>{@value BaseCommand#OK}: done (also {@code --help});</li>
 *   <li>{@value BaseCommand#FAILED}: failed at work, one line on stderr
 *       ({@code fer-examples analyze: <what went wrong>});</li>
 *   <li>{@value BaseCommand#USAGE}: a usage mistake, one line on stderr
 *       ({@code fer-examples analyze: <mistake> (see 'fer-examples analyze --help')}), with picocli's typo
 *       suggestion when there is one.</li>
 * </ul>
 * To add a command: write a {@link BaseCommand} subclass annotated with {@code @Command(name = ...)} (add
 * {@code @Mixin PipelineArgs} when it builds a pipeline) and list it in {@code subcommands} below.
 *
 * <p>Not thread-safe: one instance per run.
 */
@Command(name = BaseCommand.PROGRAM, synopsisSubcommandLabel = "COMMAND",
        description = "Facial emotion recognition with fer-java.",
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'fer-examples COMMAND --help' for the options of a command. Models come from "
                + "~/.fer/models, the mirror in FER_MODEL_MIRROR, or are downloaded."},
        subcommands = {AnalyzeCommand.class, BatchCommand.class, VideoCommand.class, WebcamCommand.class,
                EvaluateCommand.class, TrainCommand.class, CrossvalCommand.class, ModelsCommand.class,
                CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class FerCli implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private FerCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Standard output of this run.
     *
     * @return the stream
     */
    PrintStream out() {
        return out;
    }

    /**
     * Standard error of this run.
     *
     * @return the stream
     */
    PrintStream err() {
        return err;
    }

    /** Without a command: the usage on stderr, status 2. */
    @Override
    public Integer call() {
        err.print(spec.commandLine().getUsageMessage());
        return BaseCommand.USAGE;
    }

    /**
     * The configured command line, writing to the given streams.
     *
     * @param out standard output
     * @param err standard error
     * @return a new picocli command line
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new FerCli(out, err));
        cl.setOut(writer(out));
        cl.setErr(writer(err));
        // As the hand-written parser did: the last of a repeated option wins, and '@file' is a plain argument.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setExpandAtFiles(false);
        cl.setUsageHelpWidth(100);
        cl.setUsageHelpLongOptionsMaxWidth(32);
        headings(cl);
        // 'generate-completion' prints a bash/zsh completion script; it stays out of the command list.
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        cl.setParameterExceptionHandler(usageHandler(err));
        cl.setExecutionExceptionHandler(failureHandler(err));
        return cl;
    }

    /**
     * Runs the program without exiting: the testable entry point.
     *
     * @param args the command and its arguments
     * @param out standard output
     * @param err standard error
     * @return the exit status: 0 done, 1 failed, 2 usage mistake
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(out, err);
        try {
            return cl.execute(args);
        } finally {
            cl.getOut().flush();
            cl.getErr().flush();
            out.flush();
            err.flush();
        }
    }

    /**
     * The names of the commands, in the order the help lists them (without {@code help} and hidden ones).
     *
     * @return the names
     */
    public static List<String> commandNames() {
        return commandLine(System.out, System.err).getSubcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden() && !c.getCommandName().equals("help"))
                .map(CommandLine::getCommandName).toList();
    }

    private static void headings(CommandLine cl) {
        cl.getCommandSpec().usageMessage().descriptionHeading("%n").parameterListHeading("%nArguments:%n")
                .optionListHeading("%nOptions:%n");
        cl.getSubcommands().values().forEach(FerCli::headings);
    }

    /** A writer that prints through the stream, so the stream's own charset encodes the text. */
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                stream.print(new String(buf, off, len));
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                stream.flush();
            }
        }, true);
    }

    private static IParameterExceptionHandler usageHandler(PrintStream err) {
        return (ex, args) -> {
            err.println(usageLine(ex.getCommandLine(), message(ex)));
            return BaseCommand.USAGE;
        };
    }

    private static IExecutionExceptionHandler failureHandler(PrintStream err) {
        return (Exception ex, CommandLine cl, ParseResult parsed) -> {
            if (ex instanceof UsageException u) {
                err.println(usageLine(cl, u.getMessage()));
                return BaseCommand.USAGE;
            }
            err.println(cl.getCommandSpec().qualifiedName() + ": " + BaseCommand.describe(ex));
            if (Boolean.getBoolean("fer.examples.stacktrace")) {
                ex.printStackTrace(err);
            }
            return BaseCommand.FAILED;
        };
    }

    private static String usageLine(CommandLine cl, String message) {
        String name = cl.getCommandSpec().qualifiedName();
        return name + ": " + BaseCommand.oneLine(message) + " (see '" + name + " --help')";
    }

    /**
     * A parse error as the short sentence the CLI prints.
     *
     * @param ex picocli's exception
     * @return for example {@code unknown option '--jsno'; did you mean --json?}
     */
    static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            boolean top = u.getCommandLine().getCommandSpec().parent() == null;
            String msg;
            if (first.startsWith("-") && first.length() > 1) {
                int eq = first.indexOf('=');
                msg = "unknown option '" + (eq > 0 ? first.substring(0, eq) : first) + "'";
            } else {
                msg = (top ? "unknown command '" : "unexpected argument '") + first + "'";
            }
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                msg += "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3,
                        suggestions.size()))) + "?";
            }
            return msg;
        }
        if (ex instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec a = m.getMissing().get(0);
            if (a instanceof OptionSpec o) {
                return "option " + o.longestName() + " needs a value " + o.paramLabel();
            }
            return "missing " + a.paramLabel();
        }
        if (ex.getCause() instanceof TypeConversionException t) {
            ArgSpec a = ex.getArgSpec();
            String name = a instanceof OptionSpec o ? o.longestName() : a == null ? "value" : a.paramLabel();
            return name + " " + t.getMessage();
        }
        return ex.getMessage();
    }
}
