package dev.fer.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.fer.Device;
import dev.fer.ModelLoadException;
import dev.fer.ProviderUnavailableException;
import dev.fer.onnx.ExecutionOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates ONNX Runtime sessions on the device that {@link ExecutionOptions} asks for. Thread-safe.
 *
 * <p>CUDA is never taken on trust from {@link OrtEnvironment#getAvailableProviders()} (the GPU
 * artifact lists CUDA on machines without a GPU): the provider is added and a session created, and any failure on
 * the way counts as "CUDA unavailable". When the failure happens at session creation, the model is loaded on the
 * CPU as well to tell a CUDA problem from a broken model.
 */
public final class SessionFactory {
    private static final Logger LOG = LoggerFactory.getLogger("dev.fer.onnx.OnnxSession");
    private static final AtomicBoolean AUTO_FALLBACK_LOGGED = new AtomicBoolean();
    /** Why CUDA failed under {@link Device#AUTO}; once set, AUTO goes straight to the CPU. */
    private static volatile String autoCudaFailure;

    private SessionFactory() {
    }

    /**
     * A created session and the provider it runs on.
     *
     * @param session the session, owned by the caller
     * @param provider {@code CPU} or {@code CUDA:n}
     */
    public record Opened(OrtSession session, String provider) {
    }

    /**
     * Creates a session.
     *
     * @param source the model
     * @param options the execution options
     * @return the session and its provider
     * @throws ModelLoadException when the model cannot be loaded on any device
     * @throws ProviderUnavailableException when {@link Device.Cuda} was requested and CUDA cannot be used
     */
    public static Opened open(ModelSource source, ExecutionOptions options) {
        Device device = options.device();
        if (device instanceof Device.Cuda cuda) {
            try {
                return openCuda(source, options, cuda.deviceId());
            } catch (CudaUnavailable e) {
                if (e.atSessionCreation) {
                    // Tell a broken model (ModelLoadException from the CPU) from a CUDA problem.
                    closeQuietly(openCpu(source, options));
                }
                throw new ProviderUnavailableException(cudaMessage(source, cuda.deviceId(), e.getCause()),
                        e.getCause());
            }
        }
        if (device instanceof Device.Auto) {
            String known = autoCudaFailure;
            if (known != null) {
                LOG.debug("Device AUTO for {}: CUDA was found unusable earlier ({}); using the CPU.",
                        source.describe(), known);
                return new Opened(openCpu(source, options), "CPU");
            }
            try {
                return openCuda(source, options, 0);
            } catch (CudaUnavailable e) {
                OrtSession cpu = openCpu(source, options);
                autoCudaFailure = describe(e.getCause());
                if (AUTO_FALLBACK_LOGGED.compareAndSet(false, true)) {
                    LOG.info("Device AUTO: CUDA device 0 cannot be used ({}); models run on the CPU. To use an "
                            + "NVIDIA GPU, depend on com.microsoft.onnxruntime:onnxruntime_gpu:{} instead of "
                            + "onnxruntime and install an NVIDIA driver, CUDA 12 and cuDNN 9.",
                            autoCudaFailure, OrtEnv.version());
                }
                return new Opened(cpu, "CPU");
            }
        }
        return new Opened(openCpu(source, options), "CPU");
    }

    private static Opened openCuda(ModelSource source, ExecutionOptions options, int deviceId)
            throws CudaUnavailable {
        OrtSession.SessionOptions so = baseOptions(options);
        try {
            try {
                so.addCUDA(deviceId);
            } catch (OrtException | LinkageError | RuntimeException e) {
                throw new CudaUnavailable(e, false);
            }
            try {
                return new Opened(create(source, so), "CUDA:" + deviceId);
            } catch (OrtException | LinkageError | RuntimeException e) {
                throw new CudaUnavailable(e, true);
            }
        } finally {
            so.close();
        }
    }

    private static OrtSession openCpu(ModelSource source, ExecutionOptions options) {
        try (OrtSession.SessionOptions so = baseOptions(options)) {
            return create(source, so);
        } catch (OrtException e) {
            throw new ModelLoadException("Could not load " + source.describe() + ": ONNX Runtime rejected it ("
                    + e.getMessage() + "). " + source.sniffHint(), e);
        }
    }

    private static OrtSession create(ModelSource source, OrtSession.SessionOptions so) throws OrtException {
        OrtEnvironment env = OrtEnv.get();
        return source.file() != null
                ? env.createSession(source.file().toString(), so)
                : env.createSession(source.bytes(), so);
    }

    private static OrtSession.SessionOptions baseOptions(ExecutionOptions options) {
        OrtEnv.get();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(options.interOpThreads());
            String spin = options.allowSpinning() ? "1" : "0";
            so.addConfigEntry("session.intra_op.allow_spinning", spin);
            so.addConfigEntry("session.inter_op.allow_spinning", spin);
            so.setOptimizationLevel(switch (options.optimizationLevel()) {
                case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            return so;
        } catch (OrtException e) {
            so.close();
            throw new ModelLoadException("ONNX Runtime refused the session options " + options + ": "
                    + e.getMessage(), e);
        }
    }

    private static String cudaMessage(ModelSource source, int deviceId, Throwable cause) {
        boolean cpuOnlyBuild;
        try {
            cpuOnlyBuild = !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        } catch (RuntimeException | LinkageError e) {
            cpuOnlyBuild = false;
        }
        return "CUDA device " + deviceId + " was requested for " + source.describe() + ", but ONNX Runtime's "
                + "CUDA execution provider cannot be used: " + describe(cause) + ". "
                + (cpuOnlyBuild ? "The ONNX Runtime on the class path is the CPU-only build. " : "")
                + "To run on an NVIDIA GPU, replace the dependency com.microsoft.onnxruntime:onnxruntime with "
                + "com.microsoft.onnxruntime:onnxruntime_gpu:" + OrtEnv.version() + " (never both on the class "
                + "path), and install an NVIDIA driver with CUDA 12 and cuDNN 9. Otherwise choose Device.CPU, or "
                + "Device.AUTO to fall back to the CPU when CUDA is unavailable.";
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getName() : msg.strip();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("Closing a probe session failed.", e);
        }
    }

    /** CUDA could not be used; {@code atSessionCreation} tells whether adding the provider itself worked. */
    private static final class CudaUnavailable extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean atSessionCreation;

        CudaUnavailable(Throwable cause, boolean atSessionCreation) {
            super(cause);
            this.atSessionCreation = atSessionCreation;
        }
    }
}
