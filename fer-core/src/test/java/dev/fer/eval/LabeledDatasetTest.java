package dev.fer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.Emotion;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledDatasetTest {
    private static Path tiff(Path file, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(1, 2, 0x102030);
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(img, "tiff", file.toFile())).as("the JDK writes TIFF").isTrue();
        return file;
    }

    @Test
    void scan_flatFolderWithLabelsCsv_readsTheSharedLabeledSet() throws Exception {
        Path dir = SharedAssets.image("labeled/labels.csv").getParent();
        LabeledDataset ds = LabeledDataset.scan(dir);

        // The expectation comes from the CSV text itself, read here without the class under test.
        Map<String, Emotion> expected = new TreeMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("labels.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            expected.put(dir.resolve(f[0]).normalize().toString(), Emotion.parse(f[1]));
        }
        Map<String, Emotion> actual = new TreeMap<>();
        ds.samples().forEach(s -> actual.put(s.file().toString(), s.label()));
        assertThat(actual).isEqualTo(expected).hasSize(5);
        assertThat(ds.root()).isEqualTo(dir);
        assertThat(ds.samples()).extracting(s -> s.file().toString()).isSorted();
    }

    @Test
    void fromLabelsCsv_takesColumnsByName_quotes_andAliases(@TempDir Path tmp) throws Exception {
        tiff(tmp.resolve("sub/one.tif"), 8, 6);
        tiff(tmp.resolve("two.TIFF"), 8, 6);
        Files.writeString(tmp.resolve("labels.csv"), "\uFEFFsource,Label,file\n"
                + "\"made here, by a test\",Happiness,sub/one.tif\n\nx,sad,two.TIFF\n");
        LabeledDataset ds = LabeledDataset.scan(tmp);
        assertThat(ds.samples()).extracting(LabeledDataset.Sample::label)
                .containsExactly(Emotion.HAPPY, Emotion.SAD);
    }

    @Test
    void fromLabelsCsv_namesTheLineOfAMistake(@TempDir Path tmp) throws Exception {
        tiff(tmp.resolve("a.tif"), 4, 4);
        Path csv = tmp.resolve("labels.csv");
        Files.writeString(csv, "file,label\na.tif,grumpy\n");
        assertThatThrownBy(() -> LabeledDataset.scan(tmp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("'grumpy'");
        Files.writeString(csv, "file,label\nmissing.jpg,happy\n");
        assertThatThrownBy(() -> LabeledDataset.scan(tmp)).hasMessageContaining("line 2")
                .hasMessageContaining("'missing.jpg'");
        Files.writeString(csv, "name,emotion\na.tif,happy\n");
        assertThatThrownBy(() -> LabeledDataset.scan(tmp)).hasMessageContaining("'file'").hasMessageContaining("'label'");
        Files.writeString(tmp.resolve("notes.txt"), "x");
        Files.writeString(csv, "file,label\nnotes.txt,happy\n");
        assertThatThrownBy(() -> LabeledDataset.scan(tmp)).hasMessageContaining(Images.SUPPORTED_FORMATS);
    }

    @Test
    void scan_folderPerLabel_acceptsTiff_andTheImagesDecode(@TempDir Path tmp) throws Exception {
        tiff(tmp.resolve("happy/a.tif"), 20, 10);
        tiff(tmp.resolve("sad/b.TIFF"), 12, 7);
        Files.writeString(tmp.resolve("sad/readme.txt"), "not an image");
        LabeledDataset ds = LabeledDataset.scan(tmp);
        assertThat(ds.samples()).extracting(s -> s.file().getFileName().toString()).containsExactly("a.tif",
                "b.TIFF");
        FerImage a = Images.read(ds.samples().get(0).file());
        assertThat(a.width()).isEqualTo(20);
        assertThat(a.height()).isEqualTo(10);
    }

    @Test
    void scan_emptyFolder_namesTheSupportedFormats(@TempDir Path tmp) {
        assertThatThrownBy(() -> LabeledDataset.scan(tmp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no images").hasMessageContaining(Images.SUPPORTED_FORMATS)
                .hasMessageContaining("labels.csv");
    }

    @Test
    void hasImageExtension_matchesTheOneListInAnyCase() {
        assertThat(Images.FILE_EXTENSIONS).contains("tif", "tiff", "jpg", "jpeg", "png", "bmp", "gif");
        for (String ext : Images.FILE_EXTENSIONS) {
            assertThat(Images.SUPPORTED_FORMATS).contains("." + ext);
            assertThat(Images.hasImageExtension(Path.of("x." + ext.toUpperCase(java.util.Locale.ROOT)))).isTrue();
        }
        assertThat(Images.hasImageExtension(Path.of("notes.txt"))).isFalse();
        assertThat(Images.hasImageExtension(Path.of(".jpg"))).isFalse();
        assertThat(Images.hasImageExtension(Path.of("jpg"))).isFalse();
    }
}
