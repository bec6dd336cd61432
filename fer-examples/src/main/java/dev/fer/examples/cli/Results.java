package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.draw.Palette;
import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Point;
import dev.fer.result.AnalysisResult;
import dev.fer.result.FaceAnalysis;
import dev.fer.result.ModelProvenance;
import dev.fer.result.EmotionScores;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        ObjectNode o = JsonOutput.object();
        o.put("image", image);
        o.put("width", r.width());
        o.put("height", r.height());
        o.put("detector", r.detector().id());
        o.put("classifier", r.classifier().map(ModelProvenance::id).orElse(null));
        ArrayNode faces = o.putArray("faces");
        for (FaceAnalysis f : r.faces()) {
            BoundingBox b = f.detection().box();
            ObjectNode face = faces.addObject();
            face.putArray("box").add(JsonOutput.number(b.x1(), 2)).add(JsonOutput.number(b.y1(), 2))
                    .add(JsonOutput.number(b.x2(), 2)).add(JsonOutput.number(b.y2(), 2));
            face.set("score", JsonOutput.number(f.detection().score(), 4));
            f.detection().landmarks().ifPresentOrElse(landmarks -> {
                ArrayNode points = face.putArray("landmarks");
                for (Point p : landmarks.points()) {
                    points.addArray().add(JsonOutput.number(p.x(), 2)).add(JsonOutput.number(p.y(), 2));
                }
            }, () -> face.putNull("landmarks"));
            if (f.emotions().isEmpty()) {
                face.putNull("emotions");
            } else {
                EmotionScores scores = f.emotions().get();
                ObjectNode emotions = face.putObject("emotions");
                for (Emotion e : Palette.ordered(scores.supported())) {
                    emotions.set(e.jsonName(), JsonOutput.number(scores.probability(e), 6));
                }
            }
            face.put("dominant", f.dominant().map(Emotion::jsonName).orElse(null));
        }
        ObjectNode t = o.putObject("timings_ms");
        t.set("decode", JsonOutput.number(r.timings().decodeMillis(), 3));
        t.set("detect", JsonOutput.number(r.timings().detectMillis(), 3));
        t.set("classify", JsonOutput.number(r.timings().classifyMillis(), 3));
        t.set("total", JsonOutput.number(r.timings().totalMillis(), 3));
        return JsonOutput.write(o);
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
