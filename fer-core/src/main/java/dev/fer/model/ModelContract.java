package dev.fer.model;

import java.util.List;

/**
 * The inputs and outputs a model must have: checked when a model is loaded, so a wrong file fails at load time
 * with a message listing expected and actual tensors, never with an index error at inference.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inputs expected inputs
 * @param outputs expected outputs
 */
public record ModelContract(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    /** Copies the lists. */
    public ModelContract {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** A contract that accepts any model (for a user's model whose tensors are checked elsewhere). */
    public static final ModelContract ANY = new ModelContract(List.of(), List.of());
}
