/**
 * Fitting emotion heads on CNN embeddings of your own labeled faces: {@link dev.fer.train.HeadFitter} extracts the
 * embeddings of a data set once ({@link dev.fer.train.FeatureSet}), fits a head with
 * {@link dev.fer.train.HeadTrainer} and measures it honestly with {@link dev.fer.train.CrossValidator}
 * (folds grouped by subject, so no person is on both sides). Heads are {@link dev.fer.onnx.HeadModel}s: write them
 * and load them with {@link dev.fer.onnx.FittedHead} in an app that has fer-onnx alone.
 */
package dev.fer.train;
