package dev.fer.examples;

import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelRepository;
import dev.fer.model.ResolvedModel;

/**
 * Copy me: lists the model catalog with licences and cache state, and fetches one model into the cache when an id
 * is given. Usage: {@code ModelsExample [ID]}.
 */
public final class ModelsExample {
    private ModelsExample() {
    }

    /**
     * Runs the example.
     *
     * @param args optionally a model id to fetch
     */
    public static void main(String[] args) {
        // FER_HOME (cache), FER_MODEL_MIRROR (a folder or URL with the files) and FER_OFFLINE configure it.
        ModelRepository repository = ModelRepository.fromEnvironment();
        for (ModelEntry e : ModelCatalog.all()) {
            System.out.printf("%-24s %-18s %-8s %s%s%n", e.id(), e.task(), repository.isCached(e) ? "cached" : "-",
                    e.license(), e.copyleft() ? "  (copyleft)" : "");
        }
        if (args.length > 0) {
            ResolvedModel model = repository.resolve(args[0]); // verified by SHA-256 before it is returned
            System.out.println(model.id() + " -> " + model.path() + " (" + model.source() + ")");
        }
    }
}
