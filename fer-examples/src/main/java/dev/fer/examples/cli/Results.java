package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.examples.draw.Palette;
import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Point;
import dev.fer.result.AnalysisResult;
import dev.fer.result.FaceAnalysis;
import dev.fer.result.ModelProvenance;
import dev.fer.result.EmotionScores;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@link AnalysisResult} into the JSON line of {@code analyze --json} and into readable text.
 *
 * <p>Stateless and thread-safe.
 */
public final class Results {
    private Results() {
    }

    /**
     * One JSON object on one line: image, width, height, detector, classifier, faces (box, score, landmarks,
     * emotions, dominant) and timings_ms. Emotion names are {@link Emotion#jsonName()}s in alphabetical order.
     *
     * @param image the image path as given
     * @param r the result
     * @return the JSON text, without a newline
     */
    public static String toJson(String image, AnalysisResult r) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("image").value(image);
        w.name("width").value(r.width());
        w.name("height").value(r.height());
        w.name("detector").value(r.detector().id());
        w.name("classifier").value(r.classifier().map(ModelProvenance::id).orElse(null));
        w.name("faces").beginArray();
        for (FaceAnalysis f : r.faces()) {
            BoundingBox b = f.detection().box();
            w.beginObject();
            w.name("box").beginArray().value(b.x1(), 2).value(b.y1(), 2).value(b.x2(), 2).value(b.y2(), 2)
                    .endArray();
            w.name("score").value(f.detection().score(), 4);
            w.name("landmarks");
            if (f.detection().landmarks() == null) {
                w.nullValue();
            } else {
                w.beginArray();
                for (Point p : f.detection().landmarks().points()) {
                    w.beginArray().value(p.x(), 2).value(p.y(), 2).endArray();
                }
                w.endArray();
            }
            w.name("emotions");
            if (f.emotions().isEmpty()) {
                w.nullValue();
            } else {
                EmotionScores scores = f.emotions().get();
                w.beginObject();
                for (Emotion e : Palette.ordered(scores.supported())) {
                    w.name(e.jsonName()).value(scores.probability(e), 6);
                }
                w.endObject();
            }
            w.name("dominant").value(f.dominant().map(Emotion::jsonName).orElse(null));
            w.endObject();
        }
        w.endArray();
        w.name("timings_ms").beginObject()
                .name("decode").value(r.timings().decodeMillis(), 3)
                .name("detect").value(r.timings().detectMillis(), 3)
                .name("classify").value(r.timings().classifyMillis(), 3)
                .name("total").value(r.timings().totalMillis(), 3)
                .endObject();
        return w.endObject().toString();
    }

    /**
     * A readable summary: a header line and one line per face.
     *
     * @param image the image path as given
     * @param r the result
     * @return lines, each ending with a newline
     */
    public static String toText(String image, AnalysisResult r) {
        StringBuilder sb = new StringBuilder();
        int n = r.faces().size();
        sb.append(String.format(Locale.ROOT, "%s  %dx%d  %d face%s  (decode %.0f ms, detect %.0f ms, classify %.0f "
                        + "ms)%n", image, r.width(), r.height(), n, n == 1 ? "" : "s", r.timings().decodeMillis(),
                r.timings().detectMillis(), r.timings().classifyMillis()));
        for (int i = 0; i < n; i++) {
            FaceAnalysis f = r.faces().get(i);
            BoundingBox b = f.detection().box();
            sb.append(String.format(Locale.ROOT, "  #%d  box [%.0f, %.0f, %.0f, %.0f]  score %.2f", i + 1, b.x1(),
                    b.y1(), b.x2(), b.y2(), f.detection().score()));
            if (f.emotions().isPresent()) {
                EmotionScores scores = f.emotions().get();
                Emotion d = scores.dominant();
                sb.append(String.format(Locale.ROOT, "  %-8s %3.0f%%", d.jsonName(),
                        100 * scores.probability(d)));
                List<Emotion> others = scores.supported().stream().filter(e -> e != d)
                        .sorted((a, c) -> Float.compare(scores.probability(c), scores.probability(a)))
                        .limit(2).toList();
                StringBuilder rest = new StringBuilder();
                for (Emotion e : others) {
                    rest.append(rest.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f%%",
                            e.jsonName(), 100 * scores.probability(e)));
                }
                sb.append("  (").append(rest).append(')');
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
