package dev.fer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 of model files and bytes as lowercase hex. Stateless and thread-safe. */
public final class Sha256 {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private Sha256() {
    }

    /**
     * Hashes bytes.
     *
     * @param bytes the bytes
     * @return 64 lowercase hex digits
     */
    public static String of(byte[] bytes) {
        MessageDigest md = digest();
        md.update(bytes);
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Hashes a file by streaming it.
     *
     * @param file the file
     * @return 64 lowercase hex digits
     * @throws IOException when the file cannot be read
     */
    public static String of(Path file) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Whether text is a SHA-256 in hex (either case).
     *
     * @param text the text, may be {@code null}
     * @return {@code true} for 64 hex digits
     */
    public static boolean isValid(String text) {
        return text != null && HEX64.matcher(text).matches();
    }

    /**
     * Lowercase hex of a finished digest.
     *
     * @param digest a SHA-256 digest fed with all bytes
     * @return 64 hex digits
     */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A new SHA-256 digest.
     *
     * @return the digest
     */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256, which every Java platform must provide.", e);
        }
    }
}
