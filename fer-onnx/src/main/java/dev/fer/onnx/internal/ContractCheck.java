package dev.fer.onnx.internal;

import dev.fer.ModelLoadException;
import dev.fer.model.ModelContract;
import dev.fer.model.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Compares a loaded model's inputs and outputs with a {@link ModelContract}. Stateless and thread-safe. */
public final class ContractCheck {
    private ContractCheck() {
    }

    /**
     * Throws when the model does not satisfy the contract. Expected inputs and outputs must exist with the same
     * element type and a compatible shape (a dynamic dimension on either side matches anything); when the contract
     * lists inputs, the model must not need any other input. Extra model outputs are allowed.
     *
     * @param contract the expected tensors
     * @param inputs the model's inputs
     * @param outputs the model's outputs
     * @param modelDescription for example {@code model 'yunet' (file /m/yunet.onnx)}
     * @throws ModelLoadException listing every problem and every expected and actual tensor
     */
    public static void verify(ModelContract contract, List<TensorMeta> inputs, List<TensorMeta> outputs,
            String modelDescription) {
        List<String> problems = new ArrayList<>();
        compare("input", contract.inputs(), inputs, problems);
        if (!contract.inputs().isEmpty()) {
            for (TensorMeta actual : inputs) {
                boolean listed = contract.inputs().stream().anyMatch(s -> s.name().equals(actual.name()));
                if (!listed) {
                    problems.add("the model needs input '" + actual + "', which the contract does not list");
                }
            }
        }
        compare("output", contract.outputs(), outputs, problems);
        if (problems.isEmpty()) {
            return;
        }
        throw new ModelLoadException("The " + modelDescription + " does not match the expected contract: "
                + String.join("; ", problems) + ".\n"
                + "  expected inputs:  " + specs(contract.inputs()) + "\n"
                + "  actual inputs:    " + inputs + "\n"
                + "  expected outputs: " + specs(contract.outputs()) + "\n"
                + "  actual outputs:   " + outputs + "\n"
                + "Check that the file is the model this component was written for (a different export or version "
                + "of a model often renames or reshapes its tensors).");
    }

    private static void compare(String kind, List<TensorSpec> expected, List<TensorMeta> actual,
            List<String> problems) {
        Map<String, TensorMeta> byName = actual.stream()
                .collect(Collectors.toMap(TensorMeta::name, Function.identity(), (a, b) -> a));
        for (TensorSpec spec : expected) {
            TensorMeta meta = byName.get(spec.name());
            if (meta == null) {
                problems.add("expected " + kind + " '" + spec.name() + "' is missing");
                continue;
            }
            if (!meta.tensor() || meta.elementType() != spec.type()) {
                problems.add(kind + " '" + spec.name() + "' should hold " + typeText(spec) + " but holds "
                        + meta.typeName());
            }
            if (meta.tensor() && !spec.matchesShape(meta.shape())) {
                problems.add(kind + " '" + spec.name() + "' should have shape " + shapeText(spec)
                        + " but has " + meta.shapeText());
            }
        }
    }

    private static String specs(List<TensorSpec> specs) {
        return specs.isEmpty() ? "(any)" : specs.toString();
    }

    private static String typeText(TensorSpec spec) {
        return spec.type().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String shapeText(TensorSpec spec) {
        long[] dims = spec.shape().stream().mapToLong(Long::longValue).toArray();
        return TensorMeta.shapeText(dims);
    }
}
