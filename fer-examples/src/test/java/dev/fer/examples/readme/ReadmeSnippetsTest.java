package dev.fer.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Docs that cannot drift: every {@code ```java} block in README.md is a region of a Java source file that the build
 * compiles, shown verbatim.
 *
 * <h2>How to add a snippet</h2>
 * <ol>
 *   <li>Put the code in a source file that its module compiles, usually under {@code src/test/java} (for example
 *       {@code fer-train/src/test/java/dev/fer/train/readme/ReadmeSnippets.java}), between
 *       {@code // tag::NAME[]} and {@code // end::NAME[]} lines. A region may have several parts (imports at the
 *       top, code in a method): they are joined with one blank line. Each part is shown with its common
 *       indentation removed.</li>
 *   <li>In README.md, put {@code <!-- snippet: PATH#NAME -->} on the line before the {@code ```java} fence, PATH
 *       relative to the repository root.</li>
 *   <li>A block that cannot be compiled by the build (say it needs a cluster) is marked
 *       {@code <!-- snippet: not compiled: REASON -->}; the reason is required and stays visible in the README
 *       source.</li>
 * </ol>
 * This test reads the files as text, so a snippet may live in any module; that module's build compiles it.
 */
class ReadmeSnippetsTest {
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*snippet:\\s*(.*?)\\s*-->$");
    private static final Pattern NOT_COMPILED = Pattern.compile("not compiled:\\s*(.*)");

    /** One fenced java block. */
    record Block(int line, String marker, String text) {
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("fer-core"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No repository root (README.md beside fer-core) above "
                + Path.of("").toAbsolutePath());
    }

    /**
     * The java blocks of a markdown text, each with the snippet marker on the line before its fence (or null).
     *
     * @param markdown the text
     * @return the blocks in order
     */
    static List<Block> javaBlocks(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            String marker = null;
            if (i > 0) {
                Matcher m = MARKER.matcher(lines.get(i - 1).strip());
                marker = m.matches() ? m.group(1) : null;
            }
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                text.append(lines.get(j).stripTrailing()).append('\n');
                j++;
            }
            blocks.add(new Block(i + 1, marker, text.toString().strip()));
            i = j;
        }
        return blocks;
    }

    /**
     * The text of a tagged region: its parts, each without their common indentation, joined by a blank line.
     *
     * @param source the Java source text
     * @param name the region name
     * @return the region, or null when the source has no such region
     */
    static String region(String source, String name) {
        String start = "// tag::" + name + "[]";
        String end = "// end::" + name + "[]";
        List<String> parts = new ArrayList<>();
        List<String> current = null;
        for (String line : source.lines().toList()) {
            String s = line.strip();
            if (s.equals(start)) {
                current = new ArrayList<>();
            } else if (s.equals(end) && current != null) {
                parts.add(dedent(current));
                current = null;
            } else if (current != null) {
                current.add(line.stripTrailing());
            }
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts).strip();
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString().strip();
    }

    @Test
    void everyJavaBlockOfTheReadme_isACompiledRegion_shownVerbatim() throws IOException {
        Path root = repoRoot();
        List<Block> blocks = javaBlocks(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
        assertThat(blocks).as("java blocks in README.md").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Block b : blocks) {
            String where = "README.md line " + b.line();
            if (b.marker() == null) {
                problems.add(where + ": a ```java block without '<!-- snippet: PATH#NAME -->' on the line before it");
                continue;
            }
            Matcher nc = NOT_COMPILED.matcher(b.marker());
            if (nc.matches()) {
                if (nc.group(1).isBlank()) {
                    problems.add(where + ": 'not compiled' needs a reason");
                }
                continue;
            }
            int hash = b.marker().lastIndexOf('#');
            if (hash < 0) {
                problems.add(where + ": the marker '" + b.marker() + "' is not PATH#NAME or 'not compiled: REASON'");
                continue;
            }
            Path source = root.resolve(b.marker().substring(0, hash));
            if (!Files.isRegularFile(source) || !source.toString().endsWith(".java")) {
                problems.add(where + ": no Java source " + source);
                continue;
            }
            String region = region(Files.readString(source, StandardCharsets.UTF_8), b.marker().substring(hash + 1));
            if (region == null) {
                problems.add(where + ": " + source + " has no region '" + b.marker().substring(hash + 1) + "'");
            } else if (!region.equals(b.text())) {
                problems.add(where + ": the block differs from " + b.marker() + "; copy the region into the README."
                        + "\n--- region ---\n" + region + "\n--- README ---\n" + b.text());
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Test
    void regions_joinTheirParts_andDropTheCommonIndent() {
        String src = "// tag::a[]\nimport x.Y;\n// end::a[]\nclass C {\n    void m() {\n        // tag::a[]\n"
                + "        if (ok) {\n            go();\n        }\n        // end::a[]\n    }\n}\n";
        assertThat(region(src, "a")).isEqualTo("import x.Y;\n\nif (ok) {\n    go();\n}");
        assertThat(region(src, "b")).isNull();
        List<Block> blocks = javaBlocks("text\n<!-- snippet: not compiled: needs Spark -->\n```java\nspark();\n```\n"
                + "```java\nbare();\n```\n");
        assertThat(blocks).extracting(Block::marker).containsExactly("not compiled: needs Spark", null);
        assertThat(blocks.get(1).text()).isEqualTo("bare();");
    }
}
