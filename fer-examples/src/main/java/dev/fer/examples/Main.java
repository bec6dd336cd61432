package dev.fer.examples;

import dev.fer.examples.cli.FerCli;
import java.io.PrintStream;
import java.util.List;

/**
 * Entry point of {@code java -jar fer-examples.jar COMMAND [options]}: runs the picocli command line of
 * {@link FerCli}. Run without arguments or with {@code --help} for the list of commands; each command has its own
 * {@code --help}, and {@code fer-examples generate-completion} prints a bash/zsh completion script.
 */
public final class Main {
    private Main() {
    }

    /**
     * The names of the commands, in the order the help lists them.
     *
     * @return the names
     */
    public static List<String> commands() {
        return FerCli.commandNames();
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
        return FerCli.run(args, out, err);
    }
}
