package dev.fer.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import dev.fer.ModelLoadException;

/**
 * Holds the one {@link OrtEnvironment} of the JVM, created on first use. Thread-safe.
 *
 * <p>ONNX Runtime's native logger is set to errors only: at warning level it writes hundreds of
 * unformatted lines to stderr for some published models (one per weight that a model lists as a graph input),
 * bypassing the application's logging; fer-java reports what matters through SLF4J instead.
 */
public final class OrtEnv {
    private OrtEnv() {
    }

    private static final class Holder {
        static final OrtEnvironment ENV = create();

        private static OrtEnvironment create() {
            try {
                return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "fer-java");
            } catch (LinkageError | RuntimeException e) {
                throw new ModelLoadException("ONNX Runtime's native library could not be loaded on this platform ("
                        + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "): " + e
                        + ". fer-onnx needs com.microsoft.onnxruntime:onnxruntime (or onnxruntime_gpu) for a "
                        + "supported platform on the class path.", e);
            }
        }
    }

    /**
     * The JVM's environment, created on the first call.
     *
     * @return the environment
     * @throws ModelLoadException when the native library cannot be loaded
     */
    public static OrtEnvironment get() {
        try {
            return Holder.ENV;
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException("ONNX Runtime could not be initialised: " + cause, cause);
        } catch (NoClassDefFoundError e) {
            throw new ModelLoadException("ONNX Runtime could not be initialised: an earlier attempt failed (" + e
                    + "); see the first error logged.", e);
        }
    }

    /**
     * The ONNX Runtime version, for messages.
     *
     * @return for example {@code 1.29.0}
     */
    public static String version() {
        try {
            return get().getVersion();
        } catch (RuntimeException e) {
            return "1.29.0";
        }
    }
}
