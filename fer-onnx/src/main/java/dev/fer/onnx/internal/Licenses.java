package dev.fer.onnx.internal;

import dev.fer.model.ModelEntry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one WARN per JVM and model id when a model's weights carry a copyleft licence. Thread-safe; not API. */
public final class Licenses {
    private static final Logger LOG = LoggerFactory.getLogger(Licenses.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Licenses() {
    }

    /**
     * Warns once when the entry is copyleft.
     *
     * @param entry the catalog entry being loaded
     * @return {@code true} when this call logged the warning
     */
    public static boolean warnIfCopyleft(ModelEntry entry) {
        if (entry.copyleft() && WARNED.add(entry.id())) {
            LOG.warn("Model '{}' ({}) is licensed {}: copyleft terms apply to software you distribute with these "
                    + "weights. Use a permissively licensed detector (yunet-2023mar, retinaface-mnet025, "
                    + "ultraface-*) if that is a problem.", entry.id(), entry.fileName(), entry.license());
            return true;
        }
        return false;
    }
}
