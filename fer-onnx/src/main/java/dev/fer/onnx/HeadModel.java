package dev.fer.onnx;

import dev.fer.Emotion;
import dev.fer.internal.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fitted emotion head on embeddings, and its file format: which backbones (id, SHA-256 of the model file,
 * tensor, length) give the features, the label order, the per-feature standardisation, the head's parameters
 * (a weight matrix and bias for linear heads, the stored training embeddings for k-nearest-neighbours), whether
 * test-time flip averaging is on, and free-form training provenance (data set listing hash, counts per class,
 * options). {@link FittedHead} runs it; {@code fer-train} creates it.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out). {@link #probabilities(float[])} is the whole
 * run-time computation and is deterministic: the same embedding gives bit-identical probabilities before and after
 * a save and load.
 *
 * <p><b>File format, version {@value #FORMAT_VERSION}</b> (big-endian): the 8 magic bytes {@code "FERHEAD\u001a"};
 * the format version as an int; the metadata as an int length and UTF-8 text of {@code key=value} lines; the
 * number of float blocks as an int, then per block a short name length, the UTF-8 name, an int count and the
 * floats; finally the 32-byte SHA-256 of every preceding byte. A reader refuses a file with another magic, a newer
 * version, a missing or wrong trailer (truncated or tampered) or inconsistent content, each with a
 * {@link HeadFileException} saying which. {@link #write(Path)} writes a temporary file beside the target and moves
 * it into place, so a failed write never leaves a partial head.
 */
public final class HeadModel {
    /** The format version this class writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'F', 'E', 'R', 'H', 'E', 'A', 'D', 0x1a};
    private static final int TRAILER = 32;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.]*");

    /** The kind of head. */
    public enum Kind {
        /**
         * L2-regularised logistic regression, one-vs-rest as LibLinear fits it: probabilities are the per-class
         * sigmoids normalised to sum to one (LibLinear's own rule).
         */
        LOGISTIC,
        /** Linear support vector machine: decision values through a softmax (scores, not calibrated). */
        SVM,
        /** k-nearest-neighbours on the standardised embeddings (Euclidean): probability = share of the k votes. */
        KNN;

        /**
         * The lowercase name used in files and on the command line.
         *
         * @return for example {@code logistic}
         */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses {@link #key()}.
         *
         * @param key for example {@code svm}
         * @return the kind
         * @throws IllegalArgumentException naming the accepted keys
         */
        public static Kind parse(String key) {
            for (Kind k : values()) {
                if (k.key().equals(key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown head '" + key + "'; use logistic, svm or knn.");
        }
    }

    /**
     * A backbone a head was fitted on.
     *
     * @param id catalog id
     * @param sha256 SHA-256 of the model file the embeddings came from
     * @param tensor the embedding tensor
     * @param dimension values it contributes
     */
    public record BackboneRef(String id, String sha256, String tensor, int dimension) {
        /** Validates the fields. */
        public BackboneRef {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(tensor, "tensor");
            if (!Sha256.isValid(sha256)) {
                throw new IllegalArgumentException("Backbone " + id + " needs a 64-hex-digit SHA-256, got '" + sha256
                        + "'.");
            }
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (dimension < 1) {
                throw new IllegalArgumentException("Backbone " + id + " dimension must be positive, got " + dimension
                        + ".");
            }
            if (id.isBlank() || id.contains(" ") || id.contains(";") || tensor.contains(";")) {
                throw new IllegalArgumentException("Backbone id and tensor must not contain spaces or ';': '" + id
                        + "', '" + tensor + "'.");
            }
        }
    }

    private final List<BackboneRef> backbones;
    private final Kind kind;
    private final List<Emotion> labels;
    private final float[] mean;
    private final float[] scale;
    private final float[] weights;
    private final float[] bias;
    private final float[] neighbours;
    private final int[] neighbourLabels;
    private final int k;
    private final boolean flipAverage;
    private final Map<String, String> provenance;
    private final int dimension;

    private HeadModel(Builder b) {
        this.backbones = List.copyOf(b.backbones);
        this.kind = b.kind;
        this.labels = List.copyOf(b.labels);
        this.mean = b.mean.clone();
        this.scale = b.scale.clone();
        this.weights = b.weights == null ? new float[0] : b.weights.clone();
        this.bias = b.bias == null ? new float[0] : b.bias.clone();
        this.neighbours = b.neighbours == null ? new float[0] : b.neighbours.clone();
        this.neighbourLabels = b.neighbourLabels == null ? new int[0] : b.neighbourLabels.clone();
        this.k = b.k;
        this.flipAverage = b.flipAverage;
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(b.provenance));
        this.dimension = backbones.stream().mapToInt(BackboneRef::dimension).sum();
    }

    /**
     * A builder; every field but provenance, k and flip averaging is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The backbones, in concatenation order.
     *
     * @return the backbones
     */
    public List<BackboneRef> backbones() {
        return backbones;
    }

    /**
     * The kind of head.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The classes, in the order of the head's outputs.
     *
     * @return the labels
     */
    public List<Emotion> labels() {
        return labels;
    }

    /**
     * Embedding length: the sum of the backbones' dimensions.
     *
     * @return values per face
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Whether a face and its mirror image are both scored and their probabilities averaged.
     *
     * @return {@code true} for test-time flip averaging
     */
    public boolean flipAverage() {
        return flipAverage;
    }

    /**
     * Neighbours voting, for {@link Kind#KNN}.
     *
     * @return k, 0 for linear heads
     */
    public int k() {
        return k;
    }

    /**
     * Training provenance: data set listing hash, counts per class, options, tool versions.
     *
     * @return key to value, in insertion order
     */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * Per-feature means subtracted before the head.
     *
     * @return a copy
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * Per-feature divisors (standard deviations) applied after the mean.
     *
     * @return a copy
     */
    public float[] scale() {
        return scale.clone();
    }

    /**
     * Linear weights, one row of {@link #dimension()} values per label.
     *
     * @return a copy; empty for KNN
     */
    public float[] weights() {
        return weights.clone();
    }

    /**
     * Linear biases, one per label.
     *
     * @return a copy; empty for KNN
     */
    public float[] bias() {
        return bias.clone();
    }

    /**
     * Class probabilities of one embedding (standardised, then scored).
     *
     * @param embedding {@link #dimension()} values
     * @return one probability per label, in {@link #labels()} order, summing to one
     * @throws IllegalArgumentException when the length is wrong
     */
    public double[] probabilities(float[] embedding) {
        Objects.requireNonNull(embedding, "embedding");
        if (embedding.length != dimension) {
            throw new IllegalArgumentException("The head expects embeddings of " + dimension + " values, got "
                    + embedding.length + ".");
        }
        double[] z = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            z[j] = (embedding[j] - mean[j]) / (double) scale[j];
        }
        int c = labels.size();
        double[] p = new double[c];
        switch (kind) {
            case LOGISTIC -> {
                double sum = 0;
                for (int i = 0; i < c; i++) {
                    double s = decision(z, i);
                    p[i] = 1.0 / (1.0 + Math.exp(-s));
                    sum += p[i];
                }
                for (int i = 0; i < c; i++) {
                    p[i] /= sum;
                }
            }
            case SVM -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < c; i++) {
                    p[i] = decision(z, i);
                    max = Math.max(max, p[i]);
                }
                double sum = 0;
                for (int i = 0; i < c; i++) {
                    p[i] = Math.exp(p[i] - max);
                    sum += p[i];
                }
                for (int i = 0; i < c; i++) {
                    p[i] /= sum;
                }
            }
            case KNN -> knn(z, p);
        }
        return p;
    }

    /**
     * Probabilities of a face from its embedding and, with flip averaging on, its mirror image's embedding: the mean
     * of both.
     *
     * @param embedding the face's embedding
     * @param mirrored the mirror image's embedding, or {@code null} when flip averaging is off
     * @return one probability per label
     */
    public double[] probabilities(float[] embedding, float[] mirrored) {
        double[] p = probabilities(embedding);
        if (mirrored == null) {
            return p;
        }
        double[] q = probabilities(mirrored);
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.5 * (p[i] + q[i]);
        }
        return p;
    }

    private double decision(double[] z, int label) {
        double s = bias[label];
        int row = label * dimension;
        for (int j = 0; j < dimension; j++) {
            s += weights[row + j] * z[j];
        }
        return s;
    }

    private void knn(double[] z, double[] p) {
        int n = neighbourLabels.length;
        int kk = Math.min(k, n);
        double[] bestD = new double[kk];
        int[] bestI = new int[kk];
        Arrays.fill(bestD, Double.POSITIVE_INFINITY);
        Arrays.fill(bestI, -1);
        for (int i = 0; i < n; i++) {
            double d = 0;
            int row = i * dimension;
            for (int j = 0; j < dimension; j++) {
                double diff = neighbours[row + j] - z[j];
                d += diff * diff;
            }
            if (d < bestD[kk - 1]) {
                int pos = kk - 1;
                while (pos > 0 && bestD[pos - 1] > d) {
                    bestD[pos] = bestD[pos - 1];
                    bestI[pos] = bestI[pos - 1];
                    pos--;
                }
                bestD[pos] = d;
                bestI[pos] = i;
            }
        }
        for (int i = 0; i < kk; i++) {
            p[neighbourLabels[bestI[i]]] += 1.0 / kk;
        }
    }

    /**
     * Writes the head atomically: a temporary file in the target's folder, then a move onto the target. On failure
     * the temporary file is deleted and the target is untouched.
     *
     * @param file the target; its folder is created when missing
     * @throws HeadFileException ({@link HeadFileException.Problem#IO}) when the file cannot be written
     */
    public void write(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes = toBytes();
        Path target = file.toAbsolutePath().normalize();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(bytes);
            }
            try {
                // createTempFile makes the file private (rw-------); a head is an ordinary artifact.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new HeadFileException(HeadFileException.Problem.IO, "Cannot write the head file " + target + ": "
                    + e + ". Nothing was written; check the folder exists and is writable.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file has a dot name and a .tmp suffix
                }
            }
        }
    }

    /**
     * The head in the file format, trailer included.
     *
     * @return the bytes
     */
    public byte[] toBytes() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "fer-head");
        meta.put("kind", kind.key());
        meta.put("labels", String.join(",", labels.stream().map(Emotion::jsonName).toList()));
        List<String> bb = new ArrayList<>();
        for (BackboneRef r : backbones) {
            bb.add(r.id() + " " + r.sha256() + " " + r.dimension() + " " + r.tensor());
        }
        meta.put("backbones", String.join(";", bb));
        meta.put("dimension", Integer.toString(dimension));
        meta.put("flip_average", Boolean.toString(flipAverage));
        if (kind == Kind.KNN) {
            meta.put("k", Integer.toString(k));
        }
        for (Map.Entry<String, String> e : provenance.entrySet()) {
            meta.put("provenance." + e.getKey(), e.getValue());
        }
        StringBuilder text = new StringBuilder();
        meta.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Map<String, float[]> blocks = new LinkedHashMap<>();
        blocks.put("mean", mean);
        blocks.put("scale", scale);
        if (kind == Kind.KNN) {
            float[] l = new float[neighbourLabels.length];
            for (int i = 0; i < l.length; i++) {
                l[i] = neighbourLabels[i];
            }
            blocks.put("neighbours", neighbours);
            blocks.put("neighbour_labels", l);
        } else {
            blocks.put("weights", weights);
            blocks.put("bias", bias);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            byte[] metaBytes = text.toString().getBytes(StandardCharsets.UTF_8);
            out.writeInt(metaBytes.length);
            out.write(metaBytes);
            out.writeInt(blocks.size());
            for (Map.Entry<String, float[]> e : blocks.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(name.length);
                out.write(name);
                out.writeInt(e.getValue().length);
                ByteBuffer buf = ByteBuffer.allocate(e.getValue().length * Float.BYTES);
                buf.asFloatBuffer().put(e.getValue());
                out.write(buf.array());
            }
            out.flush();
            MessageDigest digest = Sha256.digest();
            digest.update(bytes.toByteArray());
            out.write(digest.digest());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("In-memory write failed", e);
        }
    }

    /**
     * Reads a head file.
     *
     * @param file the file
     * @return the head
     * @throws HeadFileException when the file is missing or unreadable ({@code IO}), not a head
     *     ({@code NOT_A_HEAD}), truncated, tampered with, from a newer format version or inconsistent; the message
     *     names the file and what to do
     */
    public static HeadModel read(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new HeadFileException(HeadFileException.Problem.IO, "Cannot read the head file " + file + ": " + e
                    + ".", e);
        }
        return fromBytes(b, file.toString());
    }

    /**
     * Parses the file format.
     *
     * @param b the bytes of a head file
     * @param name how messages name the source, for example its path
     * @return the head
     * @throws HeadFileException as {@link #read(Path)}
     */
    public static HeadModel fromBytes(byte[] b, String name) {
        int prefix = Math.min(b.length, MAGIC.length);
        if (!Arrays.equals(b, 0, prefix, MAGIC, 0, prefix)) {
            throw error(HeadFileException.Problem.NOT_A_HEAD, "The file " + name + " is not a fer-java head file "
                    + "(it does not start with the head magic bytes); pass a file written by 'train' or "
                    + "HeadModel.write.");
        }
        if (b.length < MAGIC.length + 4) {
            throw truncated(name, b.length);
        }
        int version = ByteBuffer.wrap(b, MAGIC.length, 4).getInt();
        if (version > FORMAT_VERSION) {
            throw error(HeadFileException.Problem.NEWER_VERSION, "The head file " + name + " has format version "
                    + version + ", newer than the version " + FORMAT_VERSION + " this fer-java reads; upgrade "
                    + "fer-java to load it, or fit the head again with this version.");
        }
        if (version < 1) {
            throw error(HeadFileException.Problem.MALFORMED, "The head file " + name + " has an invalid format "
                    + "version " + version + ".");
        }
        boolean intact = b.length >= MAGIC.length + 4 + TRAILER && trailerMatches(b);
        if (!intact) {
            int declared = declaredLength(b);
            if (declared < 0 || declared > b.length) {
                throw truncated(name, b.length);
            }
            throw error(HeadFileException.Problem.TAMPERED, "The head file " + name + " does not match its SHA-256 "
                    + "trailer: it was changed or damaged after it was written. Do not use it; write it again with "
                    + "'train'.");
        }
        try {
            return parse(ByteBuffer.wrap(b, 0, b.length - TRAILER), name);
        } catch (RuntimeException e) {
            if (e instanceof HeadFileException h) {
                throw h;
            }
            throw new HeadFileException(HeadFileException.Problem.MALFORMED, "The head file " + name + " has a "
                    + "valid checksum but inconsistent content: " + e.getMessage(), e);
        }
    }

    private static HeadFileException truncated(String name, int length) {
        return error(HeadFileException.Problem.TRUNCATED, "The head file " + name + " is truncated (" + length
                + " bytes, shorter than its declared content): an interrupted copy or download leaves such files. "
                + "Copy it again or write it again with 'train'.");
    }

    private static HeadFileException error(HeadFileException.Problem p, String message) {
        return new HeadFileException(p, message, null);
    }

    private static boolean trailerMatches(byte[] b) {
        MessageDigest d = Sha256.digest();
        d.update(b, 0, b.length - TRAILER);
        return MessageDigest.isEqual(d.digest(), Arrays.copyOfRange(b, b.length - TRAILER, b.length));
    }

    /** The length the structure declares (trailer included), or -1 when it cannot be followed. */
    private static int declaredLength(byte[] b) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(b);
            buf.position(MAGIC.length + 4);
            long pos = skip(buf, buf.getInt());
            buf.position((int) pos);
            int blocks = buf.getInt();
            for (int i = 0; i < blocks; i++) {
                pos = skip(buf, buf.getShort() & 0xffff);
                buf.position((int) pos);
                pos = skip(buf, (long) buf.getInt() * Float.BYTES);
                buf.position((int) pos);
            }
            return buf.position() + TRAILER;
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static long skip(ByteBuffer buf, long n) {
        long to = buf.position() + n;
        if (n < 0 || to > buf.limit()) {
            throw new IllegalStateException("past the end");
        }
        return to;
    }

    private static HeadModel parse(ByteBuffer buf, String name) {
        buf.position(MAGIC.length + 4);
        byte[] metaBytes = new byte[buf.getInt()];
        buf.get(metaBytes);
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : new String(metaBytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("metadata line '" + line + "' is not key=value.");
            }
            meta.put(line.substring(0, eq), line.substring(eq + 1));
        }
        int count = buf.getInt();
        Map<String, float[]> blocks = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] n = new byte[buf.getShort() & 0xffff];
            buf.get(n);
            float[] v = new float[buf.getInt()];
            buf.asFloatBuffer().get(v);
            buf.position(buf.position() + v.length * Float.BYTES);
            blocks.put(new String(n, StandardCharsets.UTF_8), v);
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException(buf.remaining() + " bytes follow the last block.");
        }
        if (!"fer-head".equals(meta.get("format"))) {
            throw new IllegalArgumentException("metadata 'format' is '" + meta.get("format") + "', not fer-head.");
        }
        Builder b = builder();
        b.kind(Kind.parse(require(meta, "kind")));
        List<Emotion> labels = new ArrayList<>();
        for (String l : require(meta, "labels").split(",")) {
            labels.add(Emotion.parse(l));
        }
        b.labels(labels);
        List<BackboneRef> refs = new ArrayList<>();
        for (String r : require(meta, "backbones").split(";")) {
            String[] f = r.split(" ", 4);
            if (f.length != 4) {
                throw new IllegalArgumentException("backbone entry '" + r + "' is not 'id sha256 dimension tensor'.");
            }
            refs.add(new BackboneRef(f[0], f[1], f[3], Integer.parseInt(f[2])));
        }
        b.backbones(refs);
        b.flipAverage(Boolean.parseBoolean(meta.getOrDefault("flip_average", "false")));
        b.standardization(block(blocks, "mean"), block(blocks, "scale"));
        if (b.kind == Kind.KNN) {
            float[] l = block(blocks, "neighbour_labels");
            int[] li = new int[l.length];
            for (int i = 0; i < l.length; i++) {
                li[i] = (int) l[i];
            }
            b.neighbours(block(blocks, "neighbours"), li, Integer.parseInt(require(meta, "k")));
        } else {
            b.linear(block(blocks, "weights"), block(blocks, "bias"));
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith("provenance.")) {
                b.provenance(e.getKey().substring("provenance.".length()), e.getValue());
            }
        }
        HeadModel m = b.build();
        if (meta.containsKey("dimension") && Integer.parseInt(meta.get("dimension")) != m.dimension()) {
            throw new IllegalArgumentException("metadata dimension " + meta.get("dimension") + " differs from the "
                    + "backbones' total " + m.dimension() + ".");
        }
        return m;
    }

    private static String require(Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new IllegalArgumentException("metadata key '" + key + "' is missing.");
        }
        return v;
    }

    private static float[] block(Map<String, float[]> blocks, String key) {
        float[] v = blocks.get(key);
        if (v == null) {
            throw new IllegalArgumentException("float block '" + key + "' is missing.");
        }
        return v;
    }

    @Override
    public String toString() {
        return "HeadModel[" + kind.key() + ", " + labels.size() + " classes " + labels + ", backbones "
                + backbones.stream().map(BackboneRef::id).toList() + ", " + dimension + " values"
                + (flipAverage ? ", flip averaging" : "") + "]";
    }

    /** Builds a {@link HeadModel}; validates all fields together in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private List<BackboneRef> backbones = List.of();
        private Kind kind;
        private List<Emotion> labels = List.of();
        private float[] mean;
        private float[] scale;
        private float[] weights;
        private float[] bias;
        private float[] neighbours;
        private int[] neighbourLabels;
        private int k;
        private boolean flipAverage;
        private final Map<String, String> provenance = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The backbones, in concatenation order. Required.
         *
         * @param backbones the backbones
         * @return this builder
         */
        public Builder backbones(List<BackboneRef> backbones) {
            this.backbones = List.copyOf(backbones);
            return this;
        }

        /**
         * The kind of head. Required.
         *
         * @param kind the kind
         * @return this builder
         */
        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * The classes in output order: at least two, distinct. Required.
         *
         * @param labels the labels
         * @return this builder
         */
        public Builder labels(List<Emotion> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /**
         * Per-feature standardisation {@code (x − mean) / scale}. Required; use mean 0 and scale 1 for none.
         *
         * @param mean one value per feature
         * @param scale one positive value per feature
         * @return this builder
         */
        public Builder standardization(float[] mean, float[] scale) {
            this.mean = mean.clone();
            this.scale = scale.clone();
            return this;
        }

        /**
         * Linear head parameters (logistic or SVM).
         *
         * @param weights one row of {@code dimension} values per label
         * @param bias one value per label
         * @return this builder
         */
        public Builder linear(float[] weights, float[] bias) {
            this.weights = weights.clone();
            this.bias = bias.clone();
            return this;
        }

        /**
         * KNN parameters: the standardised training embeddings and their label indexes.
         *
         * @param vectors one row of {@code dimension} standardised values per training face
         * @param labelIndexes the index into {@link #labels} of each row
         * @param k neighbours voting, at least 1
         * @return this builder
         */
        public Builder neighbours(float[] vectors, int[] labelIndexes, int k) {
            this.neighbours = vectors.clone();
            this.neighbourLabels = labelIndexes.clone();
            this.k = k;
            return this;
        }

        /**
         * Test-time flip averaging. Default off.
         *
         * @param on average a face's and its mirror image's probabilities
         * @return this builder
         */
        public Builder flipAverage(boolean on) {
            this.flipAverage = on;
            return this;
        }

        /**
         * One provenance entry; later entries with the same key replace earlier ones.
         *
         * @param key lowercase letters, digits, '_' and '.'
         * @param value one line of text (line breaks become spaces)
         * @return this builder
         */
        public Builder provenance(String key, String value) {
            if (key == null || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("Provenance keys are lowercase words with digits, '_' and '.', "
                        + "got '" + key + "'.");
            }
            provenance.put(key, String.valueOf(value).replace('\n', ' ').replace('\r', ' '));
            return this;
        }

        /**
         * Validates all fields together.
         *
         * @return the head
         * @throws IllegalArgumentException naming the first problem
         */
        public HeadModel build() {
            if (kind == null) {
                throw new IllegalArgumentException("A head needs a kind (logistic, svm or knn).");
            }
            if (backbones.isEmpty()) {
                throw new IllegalArgumentException("A head needs at least one backbone.");
            }
            if (labels.size() < 2 || EnumSet.copyOf(labels).size() != labels.size()) {
                throw new IllegalArgumentException("A head needs at least two distinct labels, got " + labels + ".");
            }
            int d = backbones.stream().mapToInt(BackboneRef::dimension).sum();
            if (mean == null || scale == null || mean.length != d || scale.length != d) {
                throw new IllegalArgumentException("Standardisation needs " + d + " means and scales, got "
                        + (mean == null ? 0 : mean.length) + " and " + (scale == null ? 0 : scale.length) + ".");
            }
            for (float s : scale) {
                if (!(s > 0f) || Float.isInfinite(s)) {
                    throw new IllegalArgumentException("Standardisation scales must be positive and finite.");
                }
            }
            int c = labels.size();
            if (kind == Kind.KNN) {
                if (neighbours == null || neighbourLabels == null || neighbourLabels.length == 0
                        || neighbours.length != neighbourLabels.length * d) {
                    throw new IllegalArgumentException("A KNN head needs stored embeddings of " + d + " values and "
                            + "one label index per embedding.");
                }
                for (int l : neighbourLabels) {
                    if (l < 0 || l >= c) {
                        throw new IllegalArgumentException("KNN label index " + l + " is outside 0.." + (c - 1)
                                + ".");
                    }
                }
                if (k < 1) {
                    throw new IllegalArgumentException("KNN needs k of at least 1, got " + k + ".");
                }
            } else {
                if (weights == null || bias == null || weights.length != c * d || bias.length != c) {
                    throw new IllegalArgumentException("A linear head needs " + c + "x" + d + " weights and " + c
                            + " biases.");
                }
                k = 0;
            }
            return new HeadModel(this);
        }
    }
}
