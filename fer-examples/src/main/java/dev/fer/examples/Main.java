package dev.fer.examples;

import dev.fer.examples.cli.AnalyzeCommand;
import dev.fer.examples.cli.BatchCommand;
import dev.fer.examples.cli.Command;
import dev.fer.examples.cli.EvaluateCommand;
import dev.fer.examples.cli.ModelsCommand;
import dev.fer.examples.cli.WebcamCommand;
import dev.fer.examples.cli.VideoCommand;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of {@code java -jar fer-examples.jar COMMAND [options]}: dispatches to one {@link Command}. Run
 * without arguments or with {@code --help} for the list of commands; each command has its own {@code --help}.
 */
public final class Main {
    private Main() {
    }

    /**
     * The commands, in the order the help lists them.
     *
     * @return new command instances
     */
    public static List<Command> commands() {
        return List.of(new AnalyzeCommand(), new BatchCommand(), new VideoCommand(), new WebcamCommand(),
                new EvaluateCommand(), new ModelsCommand());
    }

    /**
     * Runs the program and exits with its status.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
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
        if (args.length == 0) {
            err.print(usage());
            return Command.USAGE;
        }
        String name = args[0];
        if (name.equals("-h") || name.equals("--help") || name.equals("help")) {
            out.print(usage());
            return Command.OK;
        }
        for (Command c : commands()) {
            if (c.name().equals(name)) {
                String[] rest = new String[args.length - 1];
                System.arraycopy(args, 1, rest, 0, rest.length);
                return c.run(rest, out, err);
            }
        }
        err.println(Command.PROGRAM + ": unknown command '" + name + "' (see '" + Command.PROGRAM + " --help')");
        return Command.USAGE;
    }

    private static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(Command.PROGRAM).append(" COMMAND [options]").append(System.lineSeparator())
                .append(System.lineSeparator()).append("Facial emotion recognition with fer-java. Commands:")
                .append(System.lineSeparator());
        for (Command c : commands()) {
            sb.append(String.format(Locale.ROOT, "  %-9s %s%n", c.name(), c.summary()));
        }
        sb.append(System.lineSeparator()).append("Run '").append(Command.PROGRAM)
                .append(" COMMAND --help' for the options of a command. Models come from ~/.fer/models, the mirror ")
                .append("in FER_MODEL_MIRROR, or are downloaded.").append(System.lineSeparator());
        return sb.toString();
    }
}
