package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {
    private static CommandLine cl() {
        return new CommandLine("demo", "A demo.").flag("json", "as JSON").option("every", "N", "every Nth")
                .positionals("FILE...", 1, 3);
    }

    @Test
    void parse_readsFlagsOptionsAndPositionalsInAnyOrder() {
        CommandLine.Parsed p = cl().parse(new String[] {"a.jpg", "--every", "3", "--json", "b.jpg"});
        assertThat(p.has("json")).isTrue();
        assertThat(p.intValue("every", 1, 1)).isEqualTo(3);
        assertThat(p.positionals()).containsExactly("a.jpg", "b.jpg");
        assertThat(p.help()).isFalse();
    }

    @Test
    void parse_acceptsEqualsSyntax_andDoubleDashEndsOptions() {
        CommandLine.Parsed p = cl().parse(new String[] {"--every=5", "--", "--json"});
        assertThat(p.intValue("every", 1, 1)).isEqualTo(5);
        assertThat(p.has("json")).isFalse();
        assertThat(p.positionals()).containsExactly("--json");
    }

    @Test
    void parse_rejectsUnknownOptions_withTheirName() {
        assertThatThrownBy(() -> cl().parse(new String[] {"--jsno", "a"}))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '--jsno'");
        assertThatThrownBy(() -> cl().parse(new String[] {"-x", "a"}))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '-x'");
    }

    @Test
    void parse_rejectsMissingValues_valuesOnFlags_andPositionalCounts() {
        assertThatThrownBy(() -> cl().parse(new String[] {"a", "--every"}))
                .hasMessage("option --every needs a value N");
        assertThatThrownBy(() -> cl().parse(new String[] {"a", "--json=yes"}))
                .hasMessage("option --json takes no value");
        assertThatThrownBy(() -> cl().parse(new String[] {})).hasMessage("missing FILE...");
        assertThatThrownBy(() -> cl().parse(new String[] {"a", "b", "c", "d"})).hasMessage("unexpected argument 'd'");
    }

    @Test
    void parse_helpSkipsPositionalChecks() {
        assertThat(cl().parse(new String[] {"--help"}).help()).isTrue();
        assertThat(cl().parse(new String[] {"-h"}).help()).isTrue();
    }

    @Test
    void numbers_areValidated() {
        CommandLine.Parsed p = cl().parse(new String[] {"a", "--every", "x"});
        assertThatThrownBy(() -> p.intValue("every", 1, 1)).hasMessage("--every expects a whole number, got 'x'");
        CommandLine.Parsed q = cl().parse(new String[] {"a", "--every", "0"});
        assertThatThrownBy(() -> q.intValue("every", 1, 1)).hasMessage("--every must be at least 1, got 0");
    }

    @Test
    void help_listsEveryOptionAndTheUsageLine() {
        String help = cl().help("prog");
        assertThat(help).startsWith("Usage: prog demo [options] FILE...").contains("--json", "--every N", "--help");
    }
}
