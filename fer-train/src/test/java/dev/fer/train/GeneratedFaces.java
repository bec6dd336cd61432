package dev.fer.train;

import dev.fer.image.Images;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Small labeled face-crop sets generated from the five labeled shared photos: each variant is a square crop around
 * the reference face box with a shift, a zoom, a brightness change and optionally a mirror, written as
 * {@code DIR/<label>/<photo>_v<NN>.png}. Variant numbers are shared by the five photos, so grouping by
 * {@code _v(\d+)} puts every photo's variant NN in the same group.
 */
public final class GeneratedFaces {
    /** The five labeled photos and their labels. */
    static final String[][] PHOTOS = {
        {"pexels_angry.jpg", "angry"},
        {"pexels_happy-baby.jpeg", "happy"},
        {"pexels_neutral.jpeg", "neutral"},
        {"pexels_sad-baby.jpeg", "sad"},
        {"pexels_surprised.jpeg", "surprise"},
    };

    /** One way to cut a face. */
    public record Variant(float dx, float dy, float zoom, float brightness, boolean mirror) {
    }

    private GeneratedFaces() {
    }

    /** A deterministic grid of {@code n} variants: shifts up to ±8 %, zoom 0.95–1.2, brightness 0.75–1.25. */
    public static List<Variant> grid(int n) {
        List<Variant> list = new ArrayList<>();
        float[] shifts = {0f, -0.06f, 0.06f, -0.03f, 0.03f, 0.08f, -0.08f};
        float[] zooms = {1.0f, 1.1f, 0.95f, 1.2f};
        float[] light = {1.0f, 0.8f, 1.2f, 0.9f, 1.1f, 0.75f, 1.25f};
        for (int i = 0; list.size() < n; i++) {
            list.add(new Variant(shifts[i % shifts.length], shifts[(i / 2 + 3) % shifts.length],
                    zooms[(i / 3) % zooms.length], light[(i * 3) % light.length], i % 2 == 1));
        }
        return list;
    }

    /**
     * Writes the variants of every photo.
     *
     * @param dir the data set folder (created)
     * @param variants the variants, numbered from {@code firstNumber}
     * @param firstNumber the number of the first variant in file names
     * @param size output side in pixels
     * @return the files written
     */
    public static List<Path> write(Path dir, List<Variant> variants, int firstNumber, int size) {
        Object ref = Json.parse(SharedAssets.read(SharedAssets.reference("emotions.json")));
        List<Path> files = new ArrayList<>();
        try {
            for (String[] photo : PHOTOS) {
                BufferedImage src = Images.toBufferedImage(Images.read(SharedAssets.image("labeled/" + photo[0])));
                double[] box = Json.nums(ref, "images", "labeled/" + photo[0], "faces", 0, "box");
                Path labelDir = Files.createDirectories(dir.resolve(photo[1]));
                String stem = photo[0].substring(0, photo[0].indexOf('.'));
                for (int i = 0; i < variants.size(); i++) {
                    BufferedImage crop = crop(src, box, variants.get(i), size);
                    Path out = labelDir.resolve(String.format(Locale.ROOT, "%s_v%03d.png", stem, firstNumber + i));
                    ImageIO.write(crop, "png", out.toFile());
                    files.add(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static BufferedImage crop(BufferedImage src, double[] box, Variant v, int size) {
        double cx = (box[0] + box[2]) / 2;
        double cy = (box[1] + box[3]) / 2;
        double side = Math.max(box[2] - box[0], box[3] - box[1]) * v.zoom();
        cx += v.dx() * side;
        cy += v.dy() * side;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        if (v.mirror()) {
            t.translate(size, 0);
            t.scale(-1, 1);
        }
        double s = size / side;
        t.scale(s, s);
        t.translate(-(cx - side / 2), -(cy - side / 2));
        g.drawImage(src, t, null);
        g.dispose();
        if (v.brightness() != 1f) {
            out = new RescaleOp(v.brightness(), 0f, null).filter(out, null);
        }
        return out;
    }

    /**
     * Writes a data set for measuring the CLI: {@code java ... GeneratedFaces DIR N}.
     *
     * @param args the folder and the number of variants per photo
     */
    public static void main(String[] args) {
        List<Path> files = write(Path.of(args[0]), grid(Integer.parseInt(args[1])), 0, 96);
        System.out.println(files.size() + " crops written under " + args[0]);
    }
}
