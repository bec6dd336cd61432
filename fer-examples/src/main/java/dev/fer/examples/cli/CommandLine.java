package dev.fer.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny command-line parser: {@code --flag}, {@code --option VALUE} or {@code --option=VALUE}, positional
 * arguments, {@code --} to end options, and {@code -h}/{@code --help}. It also renders the help text from the same
 * declarations, so the two cannot disagree.
 *
 * <p>Not thread-safe: declare, parse and read on one thread.
 */
public final class CommandLine {
    private record Opt(String name, String valueName, String help) {
        boolean takesValue() {
            return valueName != null;
        }
    }

    private final String command;
    private final String description;
    private final Map<String, Opt> options = new LinkedHashMap<>();
    private String positionalName = "";
    private int minPositionals;
    private int maxPositionals;

    /**
     * Starts a declaration.
     *
     * @param command the command name as typed, for example {@code analyze}
     * @param description one or two sentences for the help text
     */
    public CommandLine(String command, String description) {
        this.command = command;
        this.description = description;
    }

    /**
     * Declares a flag without a value.
     *
     * @param name the name without dashes
     * @param help one line of help
     * @return this
     */
    public CommandLine flag(String name, String help) {
        options.put(name, new Opt(name, null, help));
        return this;
    }

    /**
     * Declares an option that takes a value.
     *
     * @param name the name without dashes
     * @param valueName how the help text names the value, for example {@code N}
     * @param help one line of help
     * @return this
     */
    public CommandLine option(String name, String valueName, String help) {
        options.put(name, new Opt(name, valueName, help));
        return this;
    }

    /**
     * Declares the positional arguments.
     *
     * @param name how the help text names them, for example {@code IMAGE...}
     * @param min fewest allowed
     * @param max most allowed
     * @return this
     */
    public CommandLine positionals(String name, int min, int max) {
        this.positionalName = name;
        this.minPositionals = min;
        this.maxPositionals = max;
        return this;
    }

    /**
     * Parses the arguments.
     *
     * @param args the arguments after the command name
     * @return the parsed arguments
     * @throws UsageException for an unknown option, a missing value or a wrong number of positionals
     */
    public Parsed parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean help = false;
        boolean onlyPositionals = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (onlyPositionals || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
                continue;
            }
            if (a.equals("--")) {
                onlyPositionals = true;
                continue;
            }
            if (a.equals("-h") || a.equals("--help")) {
                help = true;
                continue;
            }
            if (!a.startsWith("--")) {
                throw new UsageException("unknown option '" + a + "'");
            }
            String name = a.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Opt opt = options.get(name);
            if (opt == null) {
                throw new UsageException("unknown option '--" + name + "'");
            }
            if (!opt.takesValue()) {
                if (inline != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                values.put(name, "true");
            } else if (inline != null) {
                values.put(name, inline);
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new UsageException("option --" + name + " needs a value " + opt.valueName());
            }
        }
        if (!help) {
            if (positional.size() < minPositionals) {
                throw new UsageException(minPositionals == 1 && positional.isEmpty()
                        ? "missing " + positionalName : "expected at least " + minPositionals + " " + positionalName
                                + ", got " + positional.size());
            }
            if (positional.size() > maxPositionals) {
                throw new UsageException(maxPositionals == 0 ? "unexpected argument '" + positional.get(0) + "'"
                        : "unexpected argument '" + positional.get(maxPositionals) + "'");
            }
        }
        return new Parsed(values, List.copyOf(positional), help);
    }

    /**
     * The help text: usage line, description and one line per option.
     *
     * @param program the program name, for example {@code fer-examples}
     * @return the text, ending with a newline
     */
    public String help(String program) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(program).append(' ').append(command);
        if (!options.isEmpty()) {
            sb.append(" [options]");
        }
        if (!positionalName.isEmpty()) {
            sb.append(' ').append(positionalName);
        }
        sb.append(System.lineSeparator()).append(System.lineSeparator()).append(wrap(description, 100))
                .append(System.lineSeparator()).append(System.lineSeparator()).append("Options:")
                .append(System.lineSeparator());
        List<String[]> rows = new ArrayList<>();
        for (Opt o : options.values()) {
            rows.add(new String[] {"--" + o.name() + (o.takesValue() ? " " + o.valueName() : ""), o.help()});
        }
        rows.add(new String[] {"-h, --help", "show this help and exit"});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", r[0], r[1]));
        }
        return sb.toString();
    }

    private static String wrap(String text, int width) {
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (String word : text.split(" ")) {
            if (col > 0 && col + 1 + word.length() > width) {
                sb.append(System.lineSeparator());
                col = 0;
            } else if (col > 0) {
                sb.append(' ');
                col++;
            }
            sb.append(word);
            col += word.length();
        }
        return sb.toString();
    }

    /**
     * Parsed arguments.
     *
     * @param values option values by name ({@code "true"} for flags)
     * @param positionals positional arguments in order
     * @param help whether help was asked for
     */
    public record Parsed(Map<String, String> values, List<String> positionals, boolean help) {
        /**
         * Whether a flag or option was given.
         *
         * @param name option name
         * @return true when present
         */
        public boolean has(String name) {
            return values.containsKey(name);
        }

        /**
         * An option's value.
         *
         * @param name option name
         * @return the value, or empty when absent
         */
        public Optional<String> value(String name) {
            return Optional.ofNullable(values.get(name));
        }

        /**
         * An integer option.
         *
         * @param name option name
         * @param fallback value when absent
         * @param min smallest allowed value
         * @return the value
         * @throws UsageException when it is not an integer or is below {@code min}
         */
        public int intValue(String name, int fallback, int min) {
            String v = values.get(name);
            if (v == null) {
                return fallback;
            }
            int n;
            try {
                n = Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " expects a whole number, got '" + v + "'");
            }
            if (n < min) {
                throw new UsageException("--" + name + " must be at least " + min + ", got " + n);
            }
            return n;
        }

        /**
         * A number option that must lie strictly between 0 and 1.
         *
         * @param name option name
         * @return the value, or empty when absent
         * @throws UsageException when it is not a number in (0, 1)
         */
        public Optional<Float> unitValue(String name) {
            String v = values.get(name);
            if (v == null) {
                return Optional.empty();
            }
            float f;
            try {
                f = Float.parseFloat(v.strip());
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " expects a number between 0 and 1, got '" + v + "'");
            }
            if (!(f > 0f && f < 1f)) {
                throw new UsageException("--" + name + " must be between 0 and 1 (exclusive), got " + v);
            }
            return Optional.of(f);
        }
    }
}
