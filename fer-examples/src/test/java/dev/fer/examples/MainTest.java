package dev.fer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.testing.SharedAssets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class MainTest {
    static List<String> commands() {
        return Main.commands();
    }

    @Test
    void noArguments_printsUsageAndExits2() {
        Cli.Result r = Cli.run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Usage:");
    }

    @Test
    void help_listsEveryCommand() {
        Cli.Result r = Cli.run("--help").ok();
        assertThat(r.out()).contains("analyze", "batch", "video", "webcam", "evaluate", "train", "crossval", "models");
        assertThat(commands()).containsExactly("analyze", "batch", "video", "webcam", "evaluate", "train", "crossval",
                "models");
    }

    @Test
    void unknownCommand_isOneLineAndExit2() {
        assertThat(Cli.run("frobnicate").usageError()).contains("unknown command 'frobnicate'");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void commandHelp_printsUsageAndExits0(String command) {
        Cli.Result r = Cli.run(command, "--help").ok();
        assertThat(r.out()).startsWith("Usage: fer-examples " + command).contains("--help");
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void unknownOption_isOneLineAndExit2(String command) {
        String line = Cli.run(command, "--no-such-option", "x").usageError();
        assertThat(line).startsWith("fer-examples " + command + ": unknown option '--no-such-option'");
    }

    @Test
    void analyze_missingFile_isOneLineAndExit2() {
        assertThat(Cli.run("analyze", "does/not/exist.jpg").usageError()).contains("no such file: does/not/exist.jpg");
    }

    @Test
    void analyze_withoutImage_isOneLineAndExit2() {
        assertThat(Cli.run("analyze", "--json").usageError()).contains("missing IMAGE");
    }

    @Test
    void video_missingFile_isOneLineAndExit2() {
        assertThat(Cli.run("video", "nope.mp4").usageError()).contains("no such file: nope.mp4");
    }

    @Test
    void batch_missingDirectory_isOneLineAndExit2() {
        assertThat(Cli.run("batch", "no-such-dir", "--csv", "x.csv").usageError())
                .contains("no such directory: no-such-dir");
    }

    @Test
    void evaluate_missingDirectory_isOneLineAndExit2() {
        assertThat(Cli.run("evaluate", "no-such-dataset").usageError()).contains("no such directory");
    }

    @Test
    void optionWithoutValue_isOneLineAndExit2() {
        String image = SharedAssets.image("single/obama.jpg").toString();
        assertThat(Cli.run("analyze", image, "--detector").usageError()).contains("--detector needs a value");
    }

    @Test
    void unknownDetector_isOneLineAndExit2_namingTheKnownIds() {
        String image = SharedAssets.image("single/obama.jpg").toString();
        assertThat(Cli.run("analyze", "--detector", "nope", image).usageError())
                .contains("unknown detector 'nope'", "yunet-2023mar");
    }

    @Test
    void badNumbers_areOneLineAndExit2() {
        String image = SharedAssets.image("single/obama.jpg").toString();
        assertThat(Cli.run("analyze", "--score", "1.5", image).usageError()).contains("--score");
        assertThat(Cli.run("analyze", "--threads", "many", image).usageError()).contains("--threads");
        assertThat(Cli.run("analyze", "--device", "tpu", image).usageError()).contains("--device");
        assertThat(Cli.run("video", "--every", "0", image).usageError()).contains("every must be at least 1");
    }

    @Test
    void webcam_whenHeadless_explainsAndExits2() {
        // Surefire runs with java.awt.headless=true, as a server without a display would.
        Cli.Result r = Cli.run("webcam");
        assertThat(r.usageError()).contains("headless");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void typos_areAnsweredWithASuggestion() {
        String image = SharedAssets.image("single/obama.jpg").toString();
        assertThat(Cli.run("analyze", "--jsno", image).usageError())
                .startsWith("fer-examples analyze: unknown option '--jsno'").contains("did you mean --json?");
        assertThat(Cli.run("anlyze", image).usageError()).contains("unknown command 'anlyze'", "did you mean analyze");
    }

    @Test
    void scoreFollowedByAFileName_reportsTheBadNumber_notAMissingImage() {
        String line = Cli.run("analyze", "--score", "x.jpg").usageError();
        assertThat(line).contains("--score expects a number between 0 and 1, got 'x.jpg'").doesNotContain("missing");
    }

    @Test
    void helpCommand_andCompletionScript() {
        assertThat(Cli.run("help", "batch").ok().out()).startsWith("Usage: fer-examples batch").contains("--workers");
        assertThat(Cli.run("generate-completion").ok().out()).contains("complete", "analyze", "--classifier");
    }

    @Test
    void device_acceptsExactlyWhatItsHelpSays() {
        String image = SharedAssets.image("single/obama.jpg").toString();
        String help = Cli.run("analyze", "--help").ok().out();
        assertThat(help).contains("--device=cpu|cuda|cuda:N|auto");
        for (String bad : new String[] {"gpu", "CPU", " cpu", "cuda:", "cuda:x", "cuda0"}) {
            assertThat(Cli.run("analyze", "--device", bad, image).usageError()).as(bad)
                    .contains("unknown --device '" + bad + "'");
        }
        assertThat(Cli.run("analyze", "--device", "cpu", "--classifier", "none", image).ok().out()).contains("1 face");
    }

    @Test
    void cudaFailure_namesTheCommandLineOptions() {
        // The CPU build of ONNX Runtime is on the test class path: CUDA cannot be used here.
        String image = SharedAssets.image("single/obama.jpg").toString();
        Cli.Result r = Cli.run("analyze", "--device", "cuda", image);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("--device cpu", "--device auto").doesNotContain("Device.CPU");
    }

    @Test
    void everyOptionInAHelpText_isAccepted() {
        for (String command : commands()) {
            String help = Cli.run(command, "--help").ok().out();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s+(?:-h, )?(--[a-z-]+)").matcher(help);
            int options = 0;
            while (m.find()) {
                options++;
                Cli.Result r = Cli.run(command, m.group(1), "--help");
                assertThat(r.err()).as("%s %s", command, m.group(1)).doesNotContain("unknown option");
            }
            assertThat(options).as(command).isGreaterThan(0);
        }
    }
}
