package dev.fer.onnx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a model's bytes come from: a file (preferred: ONNX Runtime reads it itself and finds external weight files
 * beside it) or a byte array. Immutable; the array is not copied and must not be modified.
 *
 * @param id the model id used in messages and provenance
 * @param file the model file, or {@code null} for bytes
 * @param bytes the model bytes, or {@code null} for a file
 */
public record ModelSource(String id, Path file, byte[] bytes) {
    /**
     * Describes the model for messages.
     *
     * @return for example {@code model 'yunet' (file /m/yunet.onnx)}
     */
    public String describe() {
        return "model '" + id + "' (" + location() + ")";
    }

    /**
     * The file path, or a note on the bytes.
     *
     * @return for example {@code file /m/yunet.onnx} or {@code 232589 bytes in memory}
     */
    public String location() {
        return file != null ? "file " + file : bytes.length + " bytes in memory";
    }

    /**
     * A hint on why ONNX Runtime rejected the bytes, from their first characters.
     *
     * @return a sentence, never empty
     */
    public String sniffHint() {
        byte[] head = head();
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("version https://git-lfs")) {
            return "It is a Git LFS pointer, not the model: fetch the real file (git lfs pull) or download it again.";
        }
        String lower = text.stripLeading().toLowerCase(Locale.ROOT);
        if (lower.startsWith("<!doctype") || lower.startsWith("<html") || lower.startsWith("<?xml")) {
            return "It is an HTML or XML page (often an error or login page saved in place of the model): download "
                    + "the model again from its published URL.";
        }
        if (head.length > 0 && isText(head)) {
            return "It starts with plain text (\"" + printable(text) + "\"), so it is not an ONNX model: check the "
                    + "path and download the model again.";
        }
        return "Check that it is a complete ONNX model (compare its SHA-256 with the published one) and that ONNX "
                + "Runtime " + OrtEnv.version() + " supports its opset.";
    }

    private byte[] head() {
        if (bytes != null) {
            return Arrays.copyOf(bytes, Math.min(64, bytes.length));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static boolean isText(byte[] head) {
        for (byte b : head) {
            int c = b & 0xff;
            boolean ok = c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f) || c >= 0xc0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
    }
}
