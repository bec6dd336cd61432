package dev.fer.onnx;

/**
 * Turns the outputs of one run into a result while they are still in place, for {@link OnnxSession#run}. A reader
 * that keeps no state of its own is safe to share across threads.
 *
 * <p>Implementations are called on the thread that called {@code run}, once per run. Exceptions thrown by the reader propagate unchanged to the caller of
 * {@code run}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface OutputReader<T> {
    /**
     * Reads the outputs. The {@link Outputs} and every buffer taken from it are valid only until this method
     * returns: copy or decode what must outlive it.
     *
     * @param outputs the outputs of the run
     * @return the result, returned by {@code run}
     */
    T read(Outputs outputs);
}
