package dev.fer.train;

import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import dev.fer.Emotion;
import dev.fer.onnx.HeadModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Fits a head on embeddings: per-feature standardisation computed on the training faces, then a LibLinear learner
 * (the library behind Tribuo's linear trainers, called directly so that folds fit in parallel; the test checks
 * parity with Tribuo's trainer): L2-regularised logistic regression solved in the dual (the same objective as
 * LibLinear's primal Newton solver, about 3 times faster on a few thousand examples of 2560 values), or an L2
 * linear SVM; the weights are copied into a
 * {@link HeadModel}, or k-nearest-neighbours (the standardised training embeddings are stored). With flips, every
 * training face adds its mirror image as a second example of the same class.
 *
 * <p>Deterministic: the same faces, options and seed give the same head. Stateless and thread-safe.
 */
public final class HeadTrainer {
    /** LibLinear's stopping tolerance. */
    static final double EPSILON = 0.01;
    /** LibLinear's iteration limit. */
    static final int MAX_ITERATIONS = 1000;
    private static final double MIN_STD = 1e-6;

    private HeadTrainer() {
    }

    /**
     * Fits a head on the items that have a face.
     *
     * @param items training items (items without a face are skipped)
     * @param backbones the backbones of the embeddings
     * @param options head kind, C, k, balancing, flips, standardisation, seed
     * @param provenance extra provenance entries for the head (for example the data set listing hash)
     * @return the head
     * @throws DatasetException ({@code NO_FACES}, {@code TOO_FEW_CLASSES}) when there is nothing to fit
     * @throws IllegalArgumentException when flips are asked for and an item has no mirrored embedding
     */
    public static HeadModel fit(List<FeatureSet.Item> items, List<HeadModel.BackboneRef> backbones,
                                TrainingOptions options, Map<String, String> provenance) {
        List<float[]> x = new ArrayList<>();
        List<Emotion> y = new ArrayList<>();
        EnumMap<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
        for (FeatureSet.Item it : items) {
            if (!it.hasFace()) {
                continue;
            }
            x.add(it.embedding());
            y.add(it.label());
            counts.merge(it.label(), 1, Integer::sum);
            if (options.flip()) {
                if (it.mirrored() == null) {
                    throw new IllegalArgumentException("Flip training needs the mirrored embedding of " + it.file()
                            + "; extract the feature set with flips on.");
                }
                x.add(it.mirrored());
                y.add(it.label());
            }
        }
        if (x.isEmpty()) {
            throw new DatasetException(DatasetException.Problem.NO_FACES, "No training image has a face to learn "
                    + "from" + (items.isEmpty() ? " (the training set is empty)" : " (" + items.size() + " images, "
                    + "no face found in any)") + "; check the images, or use --cropped for face crops.");
        }
        List<Emotion> labels = new ArrayList<>(EnumSet.copyOf(y));
        if (labels.size() < 2) {
            throw new DatasetException(DatasetException.Problem.TOO_FEW_CLASSES, "Training needs faces of at least "
                    + "two classes; got only " + labels + " (" + x.size() + " examples).");
        }
        int d = x.get(0).length;
        float[] mean = new float[d];
        float[] scale = new float[d];
        standardization(x, options.standardize(), mean, scale);
        double[][] z = new double[x.size()][];
        for (int i = 0; i < z.length; i++) {
            z[i] = standardize(x.get(i), mean, scale);
        }
        HeadModel.Builder b = HeadModel.builder().kind(options.head()).labels(labels).backbones(backbones)
                .standardization(mean, scale).flipAverage(options.flip());
        if (options.head() == HeadModel.Kind.KNN) {
            float[] rows = new float[z.length * d];
            int[] li = new int[z.length];
            for (int i = 0; i < z.length; i++) {
                for (int j = 0; j < d; j++) {
                    rows[i * d + j] = (float) z[i][j];
                }
                li[i] = labels.indexOf(y.get(i));
            }
            b.neighbours(rows, li, options.k());
        } else {
            fitLinear(z, y, labels, options, b);
        }
        String version = HeadTrainer.class.getPackage().getImplementationVersion();
        b.provenance("trainer", "fer-train" + (version == null ? "" : " " + version) + ", "
                + (options.head() == HeadModel.Kind.KNN ? "k-NN (stores embeddings)" : "LibLinear 2.44 ("
                + (options.head() == HeadModel.Kind.SVM ? "L2R_L2LOSS_SVC_DUAL" : "L2R_LR_DUAL") + ")"));
        b.provenance("options", options.describe());
        b.provenance("counts", counts.entrySet().stream().map(e -> e.getKey().jsonName() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
        b.provenance("examples", Integer.toString(x.size()));
        provenance.forEach(b::provenance);
        return b.build();
    }

    private static void standardization(List<float[]> x, boolean on, float[] mean, float[] scale) {
        int d = mean.length;
        if (!on) {
            java.util.Arrays.fill(scale, 1f);
            return;
        }
        double[] sum = new double[d];
        for (float[] r : x) {
            for (int j = 0; j < d; j++) {
                sum[j] += r[j];
            }
        }
        double[] m = new double[d];
        for (int j = 0; j < d; j++) {
            m[j] = sum[j] / x.size();
            mean[j] = (float) m[j];
        }
        double[] sq = new double[d];
        for (float[] r : x) {
            for (int j = 0; j < d; j++) {
                double diff = r[j] - m[j];
                sq[j] += diff * diff;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(sq[j] / x.size());
            scale[j] = sd < MIN_STD ? 1f : (float) sd;
        }
    }

    /** The same arithmetic as {@link HeadModel#probabilities(float[])}: (x − mean) / scale in double. */
    static double[] standardize(float[] x, float[] mean, float[] scale) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / (double) scale[j];
        }
        return z;
    }

    static String[] featureNames(int d) {
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = String.format(Locale.ROOT, "f%05d", j);
        }
        return names;
    }

    /**
     * Trains the same model through Tribuo's LibLinear trainer; the test checks that {@link #trainLibLinear} and
     * the copied weights reproduce its probabilities.
     */
    static Model<Label> trainTribuo(double[][] z, List<Emotion> y, TrainingOptions options) {
        String[] names = featureNames(z[0].length);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("fer-train embeddings",
                factory), factory);
        for (int i = 0; i < z.length; i++) {
            data.add(new ArrayExample<>(new Label(y.get(i).jsonName()), names, z[i]));
        }
        LinearClassificationType type = new LinearClassificationType(options.head() == HeadModel.Kind.SVM
                ? LinearClassificationType.LinearType.L2R_L2LOSS_SVC_DUAL
                : LinearClassificationType.LinearType.L2R_LR_DUAL);
        LibLinearClassificationTrainer trainer = new LibLinearClassificationTrainer(type, options.c(),
                MAX_ITERATIONS, EPSILON, options.seed());
        if (options.balanced()) {
            Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
            y.forEach(e -> counts.merge(e, 1, Integer::sum));
            Map<Label, Float> weights = new HashMap<>();
            counts.forEach((e, n) -> weights.put(new Label(e.jsonName()),
                    (float) ((double) y.size() / (counts.size() * n))));
            trainer.setLabelWeights(weights);
        }
        return trainer.train(data);
    }

    /**
     * Trains LibLinear (the library Tribuo's LibLinear trainer wraps) on standardised rows, set up exactly as
     * {@link #trainTribuo} sets it up: one feature node per value (index j + 1), a bias node of value 1, a fresh
     * {@code Parameter} (its own seeded random, so concurrent fits are independent and deterministic) and the same
     * class weights. Called directly because Tribuo holds a global lock around every LibLinear training, which
     * serialises the folds of a cross-validation, and copies the data twice more.
     */
    static de.bwaldvogel.liblinear.Model trainLibLinear(double[][] z, List<Emotion> y, TrainingOptions options) {
        int d = z[0].length;
        Problem problem = new Problem();
        problem.l = z.length;
        problem.n = d + 1;
        problem.bias = 1.0;
        problem.x = new FeatureNode[z.length][];
        problem.y = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            FeatureNode[] row = new FeatureNode[d + 1];
            for (int j = 0; j < d; j++) {
                row[j] = new FeatureNode(j + 1, z[i][j]);
            }
            row[d] = new FeatureNode(d + 1, 1.0);
            problem.x[i] = row;
            problem.y[i] = y.get(i).ordinal();
        }
        SolverType solver = options.head() == HeadModel.Kind.SVM ? SolverType.L2R_L2LOSS_SVC_DUAL
                : SolverType.L2R_LR_DUAL;
        Parameter parameter = new Parameter(solver, options.c(), EPSILON, MAX_ITERATIONS);
        if (options.balanced()) {
            Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
            y.forEach(e -> counts.merge(e, 1, Integer::sum));
            double[] weights = new double[counts.size()];
            int[] ids = new int[counts.size()];
            int k = 0;
            for (Map.Entry<Emotion, Integer> e : counts.entrySet()) {
                ids[k] = e.getKey().ordinal();
                weights[k] = (float) ((double) y.size() / (counts.size() * e.getValue()));
                k++;
            }
            parameter.setWeights(weights, ids);
        }
        Linear.disableDebugOutput();
        return Linear.train(problem, parameter);
    }

    private static void fitLinear(double[][] z, List<Emotion> y, List<Emotion> labels, TrainingOptions options,
                                  HeadModel.Builder b) {
        int d = z[0].length;
        de.bwaldvogel.liblinear.Model inner = trainLibLinear(z, y, options);
        int c = labels.size();
        float[] w = new float[c * d];
        float[] bias = new float[c];
        int[] ids = inner.getLabels();
        for (int col = 0; col < ids.length; col++) {
            int row = labels.indexOf(Emotion.values()[ids[col]]);
            for (int j = 0; j < d; j++) {
                w[row * d + j] = (float) inner.getDecfunCoef(j + 1, col);
            }
            bias[row] = (float) inner.getDecfunBias(col);
        }
        b.linear(w, bias);
    }
}
