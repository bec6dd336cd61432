package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.examples.Cli;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {
    @Test
    void list_showsEveryCatalogId_withLicenceAndCopyleftMark() {
        Cli.Result r = Cli.run("models", "list").ok();
        for (ModelEntry e : ModelCatalog.all()) {
            assertThat(r.out()).containsPattern("(?m)^" + java.util.regex.Pattern.quote(e.id()) + "\\s");
            if (e.copyleft()) {
                assertThat(r.out()).containsPattern(java.util.regex.Pattern.quote(e.id()) + ".*\\* "
                        + java.util.regex.Pattern.quote(e.license()));
            }
        }
        assertThat(r.out()).contains("ID", "LICENCE", "CACHED", "copyleft");
    }

    @Test
    void fetch_putsTheModelInTheCache_thenListSaysCached() {
        Cli.Result r = Cli.run("models", "fetch", "yunet-2023mar").ok();
        assertThat(r.out()).contains("yunet-2023mar", "face_detection_yunet_2023mar.onnx",
                ModelCatalog.get("yunet-2023mar").sha256());
        assertThat(Cli.run("models", "list").ok().out()).containsPattern("(?m)^yunet-2023mar .*\\byes\\b");
    }

    @Test
    void verify_printsOneLinePerCatalogModel() {
        Cli.run("models", "fetch", "yunet-2023mar").ok();
        List<String> lines = Cli.run("models", "verify").ok().out().lines().toList();
        assertThat(lines).hasSize(ModelCatalog.all().size());
        assertThat(lines).anyMatch(l -> l.startsWith("OK") && l.contains("yunet-2023mar"));
    }

    @Test
    void mistakes_areUsageErrors() {
        assertThat(Cli.run("models", "fetch", "no-such-model").usageError()).contains("unknown model id");
        assertThat(Cli.run("models", "fetch").usageError()).contains("needs a model ID");
        assertThat(Cli.run("models", "delete").usageError()).contains("unknown action 'delete'");
        assertThat(Cli.run("models").usageError()).contains("missing");
    }
}
