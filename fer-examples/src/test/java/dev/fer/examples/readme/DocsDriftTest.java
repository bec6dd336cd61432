package dev.fer.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.EmotionPipeline;
import dev.fer.image.Images;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README, BENCHMARKS.md and the example programs say what the code and the tables say. */
class DocsDriftTest {
    private static final Path ROOT = ReadmeSnippetsTest.repoRoot();

    private static String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
    }

    @Test
    void readme_refersOnlyToFilesInTheRepository() throws IOException {
        String readme = read("README.md");
        List<String> missing = new ArrayList<>();
        Matcher link = Pattern.compile("\\]\\(([^)#\\s]+)\\)").matcher(readme);
        while (link.find()) {
            String target = link.group(1);
            if (!target.contains("://") && !Files.exists(ROOT.resolve(target))) {
                missing.add(target);
            }
        }
        Matcher md = Pattern.compile("\\b([A-Z][A-Za-z_-]*\\.md)\\b").matcher(readme);
        while (md.find()) {
            if (!Files.exists(ROOT.resolve(md.group(1)))) {
                missing.add(md.group(1));
            }
        }
        assertThat(missing).as("files the README names that the repository lacks").isEmpty();
    }

    @Test
    void readme_mainJobWritesIntoAnIgnoredFolder_andTheWholeSuiteCommandHasRunSettings() throws IOException {
        String readme = read("README.md");
        Matcher annotate = Pattern.compile("analyze --annotate (\\S+)").matcher(readme);
        assertThat(annotate.find()).isTrue();
        // The output folder must be one that `mvn package` creates (commands never create missing folders), and
        // ignored: a module's target/ (the root pom builds no target/ of its own).
        Path out = Path.of(annotate.group(1));
        assertThat(out.getNameCount()).isEqualTo(3);
        assertThat(out.getName(1).toString()).isEqualTo("target");
        assertThat(ROOT.resolve(out.getName(0)).resolve("pom.xml")).as("a module that package builds").isRegularFile();
        assertThat(read(".gitignore").lines()).contains("target/");
        String suite = readme.lines().filter(l -> l.contains("benchmarks.jar") && l.contains("whole suite"))
                .findFirst().orElseThrow();
        assertThat(suite).contains(" -f ", " -wi ", " -i ", " -w ", " -r ");
    }

    @Test
    void readme_statesTheOneListOfSupportedFormats() throws IOException {
        assertThat(read("README.md")).contains(Images.SUPPORTED_FORMATS);
    }

    @Test
    void examples_nameTheRealDefaults_andDoNotRestateThem() throws IOException {
        Path dir = ROOT.resolve("fer-examples/src/main/java/dev/fer/examples");
        String analyze = Files.readString(dir.resolve("AnalyzeImageExample.java"));
        assertThat(analyze).contains(EmotionPipeline.DEFAULT_DETECTOR, EmotionPipeline.DEFAULT_CLASSIFIER);
        String restated = String.format(Locale.ROOT, "scoreThreshold(%.1ff)", EmotionPipeline.DEFAULT_SCORE_THRESHOLD);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith("Example.java")).toList()) {
                assertThat(Files.readString(f)).as(f.getFileName().toString()).doesNotContain(restated)
                        .doesNotContain("instead of 0.9");
            }
        }
    }

    @Test
    void benchmarks_proseAgreesWithItsInferenceTable() throws IOException {
        String bench = read("BENCHMARKS.md");
        int start = bench.indexOf("### Inference per model");
        assertThat(start).isNotNegative();
        List<String> rows = bench.substring(start).lines().skip(1).dropWhile(String::isBlank)
                .takeWhile(l -> l.startsWith("|")).toList();
        List<String> header = cells(rows.get(0));
        int ratioCol = header.indexOf("fer / raw ORT");
        int ferCol = header.indexOf("fer call");
        assertThat(ratioCol).isPositive();
        double min = Double.MAX_VALUE;
        double max = 0;
        String miniXception = null;
        for (String row : rows.subList(2, rows.size())) {
            List<String> c = cells(row);
            double r = Double.parseDouble(c.get(ratioCol));
            min = Math.min(min, r);
            max = Math.max(max, r);
            if (c.get(0).equals(EmotionPipeline.DEFAULT_CLASSIFIER)) {
                miniXception = c.get(ferCol).split(" ")[0];
            }
        }
        assertThat(bench).as("the prose range of fer / raw ORT").contains(String.format(Locale.ROOT,
                "Inference through fer-java costs %.2f–%.2f× the raw", min, max).replace(" the raw", ""));
        assertThat(miniXception).isNotNull();
        Matcher m = Pattern.compile("mini-Xception, ([0-9.]+) ms").matcher(bench);
        while (m.find()) {
            assertThat(m.group(1)).as("mini-Xception time in the prose").isEqualTo(miniXception);
        }
    }

    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        for (String c : row.split("\\|")) {
            out.add(c.strip());
        }
        return out.subList(1, out.size());
    }
}
