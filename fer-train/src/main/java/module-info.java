/**
 * Transfer learning for fer-java: embeddings of your own labeled faces from the shipped CNNs, heads fitted on them
 * with Tribuo learners (LibLinear logistic regression and linear SVM) or k-nearest-neighbours, and cross-validation
 * grouped by subject. The heads it writes run with fer-onnx alone ({@link dev.fer.onnx.FittedHead}).
 */
module dev.fer.train {
    requires transitive dev.fer.onnx;
    requires org.tribuo.core;
    requires org.tribuo.classification.core;
    requires org.tribuo.classification.liblinear;
    requires org.tribuo.common.liblinear;
    requires liblinear;
    requires com.oracle.labs.mlrg.olcut;
    requires org.slf4j;

    exports dev.fer.train;
}
