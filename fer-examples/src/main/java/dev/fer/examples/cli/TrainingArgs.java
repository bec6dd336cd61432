package dev.fer.examples.cli;

import dev.fer.EmotionPipeline;
import dev.fer.Device;
import dev.fer.Emotion;
import dev.fer.eval.LabeledDataset;
import dev.fer.onnx.ExecutionOptions;
import dev.fer.onnx.HeadModel;
import dev.fer.train.DatasetException;
import dev.fer.train.LabeledFaces;
import dev.fer.train.TrainingOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The picocli mixin of the options {@code train} and {@code crossval} share: how faces are found, which backbones
 * give the features, which head is fitted and how.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
public final class TrainingArgs {
    @Option(names = "--cropped", description = "the images are face crops: use each whole image, no detection")
    boolean cropped;

    @Option(names = "--backbone", paramLabel = "ID[,ID...]", description = "backbones whose embeddings are "
            + "concatenated (default fer-mobilefacenet-int8,fer-mini-xception)")
    String backbones;

    @Option(names = "--head", paramLabel = "logistic|svm|knn", description = "the head: L2 logistic regression "
            + "(default), linear SVM or k-nearest-neighbours")
    String head;

    @Option(names = "--balanced", description = "weight classes inversely to their size (logistic, svm)")
    boolean balanced;

    @Option(names = "--flip", description = "add mirrored copies in training and average each face with its mirror "
            + "image at test time")
    boolean flip;

    @Option(names = "--c", paramLabel = "C", description = "LibLinear cost C, the inverse regularisation strength "
            + "(default 1)")
    Double c;

    @Option(names = "--k", paramLabel = "K", converter = Numbers.Positive.class,
            description = "neighbours voting for --head knn (default 5)")
    Integer k;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the learner (default 1)")
    Long seed;

    @Option(names = "--labels", paramLabel = "NAME=EMOTION,...", description = "map labels that are not emotion "
            + "names, for example anger=angry,ctm=contempt")
    String labels;

    @Option(names = "--detector", paramLabel = "ID", description = "face detector for photos (default "
            + EmotionPipeline.DEFAULT_DETECTOR + ")")
    String detector;

    @Option(names = "--device", paramLabel = "cpu|cuda|auto", description = "where the backbones run (default cpu)")
    String device;

    @Option(names = "--threads", paramLabel = "N", converter = Numbers.Positive.class,
            description = "threads per backbone (default: the runtime's choice)")
    Integer threads;

    /**
     * The training options.
     *
     * @return the options
     * @throws UsageException for an unknown backbone or head, or a value out of range
     */
    public TrainingOptions options() {
        TrainingOptions.Builder b = TrainingOptions.builder().cropped(cropped).balanced(balanced).flip(flip);
        try {
            if (backbones != null) {
                b.backbones(Arrays.stream(backbones.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .toList());
            }
            if (head != null) {
                b.head(HeadModel.Kind.parse(head.strip()));
            }
            if (c != null) {
                b.c(c);
            }
            if (k != null) {
                b.k(k);
            }
            if (seed != null) {
                b.seed(seed);
            }
            if (detector != null) {
                b.detector(detector);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * How the backbones run.
     *
     * @return the execution options
     * @throws UsageException for an unknown device
     */
    public ExecutionOptions execution() {
        Device dev;
        try {
            dev = Device.parse(device != null ? device : "cpu");
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown --device '" + device + "'; expected cpu, cuda, cuda:N or auto");
        }
        ExecutionOptions.Builder b = ExecutionOptions.builder().device(dev);
        if (threads != null) {
            b.intraOpThreads(threads);
        }
        return b.build();
    }

    /**
     * Lists the training folder with the label mapping.
     *
     * @param dir the folder
     * @return the labeled images
     * @throws UsageException for a malformed mapping, an unknown label or a folder without images
     */
    public List<LabeledDataset.Sample> scan(Path dir) {
        Map<String, Emotion> mapping;
        try {
            mapping = LabeledFaces.parseMapping(labels);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            return LabeledFaces.scan(dir, mapping);
        } catch (DatasetException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
