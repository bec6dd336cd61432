package dev.fer.spark;

import dev.fer.Emotion;
import dev.fer.EmotionClassifier;
import dev.fer.EmotionPipeline;
import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Point;
import dev.fer.result.AnalysisResult;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import dev.fer.result.ModelProvenance;
import dev.fer.track.TrackedFace;
import dev.fer.video.FrameResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The row layout of fer-spark's results and the conversion of {@link AnalysisResult}s into rows. Column names and
 * types are listed on {@link FerSpark}.
 *
 * <p><b>Thread safety:</b> stateless; safe from any thread.
 */
final class FaceRows {
    /** One landmark point. */
    static final StructType POINT = new StructType()
            .add("x", DataTypes.FloatType, false)
            .add("y", DataTypes.FloatType, false);

    /** The per-face columns, in order; also the struct of {@code fer_analyze}'s array elements. */
    static final StructType FACE = faceStruct();

    /** Image rows: path, size, face columns, model provenance, error. */
    static final StructType IMAGE = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .merge(FACE, true)
            .merge(provenance(), true)
            .add("error", DataTypes.StringType, true);

    /** The smoothed emotions of a tracked face: {@code smoothed_<emotion>} per emotion, {@code smoothed_dominant}. */
    static final StructType SMOOTHED = smoothedStruct();

    /**
     * Video frame rows: path, frame index and time, size, track id, face columns, smoothed emotions, provenance,
     * error.
     */
    static final StructType VIDEO = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("frame_index", DataTypes.LongType, true)
            .add("time_s", DataTypes.DoubleType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("track_id", DataTypes.LongType, true)
            .merge(FACE, true)
            .merge(SMOOTHED, true)
            .merge(provenance(), true)
            .add("error", DataTypes.StringType, true);

    private static final Emotion[] EMOTIONS = Emotion.values();
    private static final int FACE_COLUMNS = FACE.fields().length;
    private static final int SMOOTHED_COLUMNS = SMOOTHED.fields().length;

    private FaceRows() {
    }

    private static StructType faceStruct() {
        StructType t = new StructType()
                .add("face_index", DataTypes.IntegerType, true)
                .add("x1", DataTypes.FloatType, true)
                .add("y1", DataTypes.FloatType, true)
                .add("x2", DataTypes.FloatType, true)
                .add("y2", DataTypes.FloatType, true)
                .add("score", DataTypes.FloatType, true)
                .add("landmarks", DataTypes.createArrayType(POINT, false), true);
        for (Emotion e : Emotion.values()) {
            t = t.add(e.jsonName(), DataTypes.FloatType, true);
        }
        return t.add("dominant", DataTypes.StringType, true);
    }

    private static StructType smoothedStruct() {
        StructType t = new StructType();
        for (Emotion e : Emotion.values()) {
            t = t.add("smoothed_" + e.jsonName(), DataTypes.FloatType, true);
        }
        return t.add("smoothed_dominant", DataTypes.StringType, true);
    }

    private static StructType provenance() {
        return new StructType()
                .add("detector_id", DataTypes.StringType, true)
                .add("detector_sha256", DataTypes.StringType, true)
                .add("classifier_id", DataTypes.StringType, true)
                .add("classifier_sha256", DataTypes.StringType, true);
    }

    /**
     * The per-face values of one face, in {@link #FACE} order.
     *
     * @param index the face's index in the result (descending score)
     * @param face the face
     * @return the values
     */
    static Object[] faceValues(int index, FaceAnalysis face) {
        Object[] v = new Object[FACE_COLUMNS];
        Detection d = face.detection();
        BoundingBox b = d.box();
        int i = 0;
        v[i++] = index;
        v[i++] = b.x1();
        v[i++] = b.y1();
        v[i++] = b.x2();
        v[i++] = b.y2();
        v[i++] = d.score();
        if (d.hasLandmarks()) {
            List<Point> points = d.landmarks().get().points();
            Row[] lm = new Row[points.size()];
            for (int k = 0; k < lm.length; k++) {
                lm[k] = RowFactory.create(points.get(k).x(), points.get(k).y());
            }
            v[i] = lm;
        }
        i++;
        Optional<EmotionScores> scores = face.emotions();
        for (Emotion e : EMOTIONS) {
            v[i++] = scores.flatMap(s -> s.get(e)).orElse(null);
        }
        v[i] = face.dominant().map(Emotion::jsonName).orElse(null);
        return v;
    }

    /**
     * The rows of one analysed image (one per face, or one with null face columns when there is none).
     *
     * @param prefix the values before the face columns (path, size, ...)
     * @param result the result
     * @return the rows
     */
    static List<Row> rows(Object[] prefix, AnalysisResult result) {
        Object[] prov = provenanceValues(result.detector(), result.classifier());
        List<FaceAnalysis> faces = result.faces();
        List<Row> rows = new ArrayList<>(Math.max(1, faces.size()));
        if (faces.isEmpty()) {
            rows.add(row(prefix, new Object[FACE_COLUMNS], prov, null));
        }
        for (int i = 0; i < faces.size(); i++) {
            rows.add(row(prefix, faceValues(i, faces.get(i)), prov, null));
        }
        return rows;
    }

    /**
     * The row of a file or frame that could not be analysed: null face columns, the pipeline's models, the error.
     *
     * @param prefix the values before the face columns
     * @param pipeline the pipeline that would have analysed it
     * @param error what went wrong
     * @return the row
     */
    static Row errorRow(Object[] prefix, EmotionPipeline pipeline, String error) {
        return row(prefix, new Object[FACE_COLUMNS], pipelineProvenance(pipeline), error);
    }

    private static Object[] pipelineProvenance(EmotionPipeline pipeline) {
        Optional<ModelProvenance> cls = pipeline.classifier().map(EmotionClassifier::provenance);
        return provenanceValues(pipeline.detector().provenance(), cls);
    }

    /**
     * The rows of one frame of a video run (one per tracked face, or one with null face columns when there is none):
     * {@code path, frame_index, time_s, width, height, track_id}, the raw face columns, the smoothed emotions, the
     * pipeline's models. {@code track_id} is null while a face's track is tentative (id 0).
     *
     * @param path the video's path
     * @param frame the runner's result for the frame
     * @param pipeline the pipeline the runner used (for the model provenance)
     * @return the rows
     */
    static List<Row> videoRows(String path, FrameResult frame, EmotionPipeline pipeline) {
        Object[] prov = pipelineProvenance(pipeline);
        List<TrackedFace> faces = frame.faces();
        List<Row> rows = new ArrayList<>(Math.max(1, faces.size()));
        if (faces.isEmpty()) {
            rows.add(row(new Object[] {path, frame.index(), frame.seconds(), frame.width(), frame.height(), null},
                    new Object[FACE_COLUMNS + SMOOTHED_COLUMNS], prov, null));
        }
        for (int i = 0; i < faces.size(); i++) {
            TrackedFace f = faces.get(i);
            Object[] face = faceValues(i, f.face());
            Object[] v = Arrays.copyOf(face, FACE_COLUMNS + SMOOTHED_COLUMNS);
            int k = FACE_COLUMNS;
            for (Emotion e : EMOTIONS) {
                v[k++] = f.smoothed().flatMap(s -> s.get(e)).orElse(null);
            }
            v[k] = f.smoothedDominant().map(Emotion::jsonName).orElse(null);
            Long track = f.confirmed() ? (long) f.trackId() : null;
            rows.add(row(new Object[] {path, frame.index(), frame.seconds(), frame.width(), frame.height(), track}, v,
                    prov, null));
        }
        return rows;
    }

    /**
     * The row of a video, or a frame of it, that could not be read or analysed.
     *
     * @param path the video's path
     * @param frame the frame index, or null when the file could not be opened
     * @param pipeline the pipeline that would have analysed it
     * @param error what went wrong
     * @return the row
     */
    static Row videoErrorRow(String path, Long frame, EmotionPipeline pipeline, String error) {
        return row(new Object[] {path, frame, null, null, null, null}, new Object[FACE_COLUMNS + SMOOTHED_COLUMNS],
                pipelineProvenance(pipeline), error);
    }

    /**
     * One face struct per face, for {@code fer_analyze}.
     *
     * @param result the result
     * @return the structs
     */
    static Row[] faceStructs(AnalysisResult result) {
        List<FaceAnalysis> faces = result.faces();
        Row[] out = new Row[faces.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = RowFactory.create(faceValues(i, faces.get(i)));
        }
        return out;
    }

    /**
     * A short description of a failure for the error column: the exception's simple name and message.
     *
     * @param e the failure
     * @return the text
     */
    /** The innermost cause of {@code e} (itself when it has none). */
    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static Object[] provenanceValues(ModelProvenance detector, Optional<ModelProvenance> classifier) {
        return new Object[] {detector.id(), detector.sha256(), classifier.map(ModelProvenance::id).orElse(null),
                classifier.map(ModelProvenance::sha256).orElse(null)};
    }

    private static Row row(Object[] prefix, Object[] face, Object[] prov, String error) {
        Object[] v = new Object[prefix.length + face.length + prov.length + 1];
        System.arraycopy(prefix, 0, v, 0, prefix.length);
        System.arraycopy(face, 0, v, prefix.length, face.length);
        System.arraycopy(prov, 0, v, prefix.length + face.length, prov.length);
        v[v.length - 1] = error;
        return RowFactory.create(v);
    }
}
