package dev.fer;

import java.util.Locale;

/**
 * Where models run: the CPU, one CUDA GPU, or {@link Auto} (CUDA when it works, otherwise the CPU).
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Device permits Device.Cpu, Device.Cuda, Device.Auto {
    /** The CPU (ONNX Runtime's default provider). */
    record Cpu() implements Device {
        @Override
        public String toString() {
            return "cpu";
        }
    }

    /**
     * One NVIDIA GPU through ONNX Runtime's CUDA provider; needs the {@code onnxruntime_gpu} artifact, CUDA 12 and
     * cuDNN 9. When it cannot be used, model creation throws {@link ProviderUnavailableException}.
     *
     * @param deviceId CUDA device ordinal, ≥ 0
     */
    record Cuda(int deviceId) implements Device {
        /** Validates the ordinal. */
        public Cuda {
            if (deviceId < 0) {
                throw new IllegalArgumentException("CUDA device id must be >= 0, got " + deviceId + ".");
            }
        }

        @Override
        public String toString() {
            return "cuda:" + deviceId;
        }
    }

    /** CUDA device 0 when it can be used, otherwise the CPU; the provider chosen is logged once at INFO. */
    record Auto() implements Device {
        @Override
        public String toString() {
            return "auto";
        }
    }

    /** The CPU. */
    Device CPU = new Cpu();
    /** Automatic choice. */
    Device AUTO = new Auto();

    /**
     * A CUDA GPU.
     *
     * @param deviceId CUDA device ordinal
     * @return the device
     */
    static Device cuda(int deviceId) {
        return new Cuda(deviceId);
    }

    /**
     * Parses {@code cpu}, {@code auto}, {@code cuda} or {@code cuda:N} (case-insensitive).
     *
     * @param text the text
     * @return the device
     * @throws IllegalArgumentException for anything else
     */
    static Device parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("auto")) {
            return AUTO;
        }
        if (t.equals("cuda") || t.equals("gpu")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException("Unknown device '" + text + "'; expected cpu, auto, cuda or cuda:N.");
    }
}
