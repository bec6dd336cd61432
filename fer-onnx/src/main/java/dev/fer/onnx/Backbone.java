package dev.fer.onnx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A catalogued classifier used as a feature extractor: which of its internal tensors is the embedding (the
 * penultimate features, before the last layer), how long it is, and how faces are fed to it (the classifier's own
 * {@link ClassifierSpec}, so an embedding sees exactly the classifier's input).
 *
 * <p>Immutable and thread-safe.
 *
 * <table>
 *   <caption>Backbones</caption>
 *   <tr><th>id</th><th>tensor</th><th>values</th><th>input</th></tr>
 *   <tr><td>fer-mobilefacenet-int8, fer-mobilefacenet</td><td>{@code 481} (Flatten before the last MatMul)</td>
 *       <td>512</td><td>5-point aligned 112×112 RGB</td></tr>
 *   <tr><td>fer-mini-xception</td><td>{@code model_1_1/add_4_1/Add:0} (before the last 1×1 conv), 128×4×4</td>
 *       <td>2048</td><td>square grey 64×64</td></tr>
 * </table>
 *
 * @param id the classifier's catalog id
 * @param spec how faces are cut out and normalised
 * @param tensor the name of the embedding tensor inside the model
 * @param shape the embedding tensor's shape with {@code -1} for the batch dimension
 * @param dimension values per face (the product of the non-batch dimensions)
 */
public record Backbone(String id, ClassifierSpec spec, String tensor, List<Long> shape, int dimension) {
    /** MobileFaceNet FER int8 (the shipped one): 512 values. */
    public static final Backbone MOBILEFACENET_INT8 = new Backbone("fer-mobilefacenet-int8",
            ClassifierSpec.MOBILEFACENET, "481", List.of(-1L, 512L), 512);
    /** MobileFaceNet FER fp32 (not mirrored; downloaded and verified on first use): 512 values. */
    public static final Backbone MOBILEFACENET = new Backbone("fer-mobilefacenet", ClassifierSpec.MOBILEFACENET,
            "481", List.of(-1L, 512L), 512);
    /** mini-Xception (FER2013): 128×4×4 = 2048 values. */
    public static final Backbone MINI_XCEPTION = new Backbone("fer-mini-xception", ClassifierSpec.MINI_XCEPTION,
            "model_1_1/add_4_1/Add:0", List.of(-1L, 128L, 4L, 4L), 2048);
    /** The backbones the issue measured best together, in this order: MobileFaceNet int8, then mini-Xception. */
    public static final List<String> DEFAULT_IDS = List.of(MOBILEFACENET_INT8.id(), MINI_XCEPTION.id());

    private static final List<Backbone> ALL = List.of(MOBILEFACENET_INT8, MOBILEFACENET, MINI_XCEPTION);

    /** Validates the fields. */
    public Backbone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(tensor, "tensor");
        shape = List.copyOf(shape);
        long product = 1;
        for (int i = 1; i < shape.size(); i++) {
            product *= shape.get(i);
        }
        if (shape.size() < 2 || product != dimension) {
            throw new IllegalArgumentException("Backbone " + id + ": dimension " + dimension + " does not match the "
                    + "tensor shape " + shape + ".");
        }
    }

    /**
     * Every supported backbone.
     *
     * @return the backbones
     */
    public static List<Backbone> all() {
        return ALL;
    }

    /**
     * The backbone of a catalog classifier.
     *
     * @param id a classifier id
     * @return the backbone, or empty when that classifier cannot give embeddings
     */
    public static Optional<Backbone> find(String id) {
        return ALL.stream().filter(b -> b.id.equals(id)).findFirst();
    }

    /**
     * The backbone of a catalog classifier.
     *
     * @param id a classifier id
     * @return the backbone
     * @throws IllegalArgumentException naming the supported ids when {@code id} is not one
     */
    public static Backbone of(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not a backbone that gives "
                + "embeddings; use one of " + ALL.stream().map(Backbone::id).toList() + "."));
    }
}
