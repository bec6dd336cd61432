package dev.fer.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.stream.ImageInputStream;

/**
 * Detects a truncated PNG before javax.imageio decodes it (which would only report a zlib error): walks the chunk
 * list (length, type, data, CRC) and reports the chunk that runs past the end of the data, or a missing IEND chunk.
 * Reads chunk headers only, seeking over chunk data. Never throws. Stateless; thread-safe.
 */
final class PngChunks {
    private static final int MAX_CHUNKS = 1_000_000;

    private PngChunks() {
    }

    /**
     * A sentence fragment describing the truncation, or empty when the chunk structure is complete or not
     * recognisable (corruption is left to the decoder to report).
     *
     * @param in the PNG data
     * @param start a chunk boundary to start from: 8 (after the signature), or 33 (after IHDR) once javax.imageio has
     *     read the header and discarded the bytes before it
     */
    static Optional<String> truncation(ImageInputStream in, long start) {
        try {
            long total = totalLength(in, start);
            long pos = start;
            String last = start <= 8 ? "the signature" : "the header";
            for (int i = 0; i < MAX_CHUNKS; i++) {
                if (pos == total) {
                    return Optional.of(String.format(Locale.ROOT,
                            "the data ends after %s without the IEND chunk that closes every PNG (%,d bytes in all)",
                            last, total));
                }
                if (pos + 8 > total) {
                    return Optional.of(String.format(Locale.ROOT,
                            "the data ends inside a chunk header after %s (%,d bytes in all)", last, total));
                }
                in.seek(pos);
                long length = in.readUnsignedInt();
                byte[] type = new byte[4];
                in.readFully(type);
                String name = new String(type, StandardCharsets.ISO_8859_1);
                if (!isLetters(name)) {
                    return Optional.empty(); // corrupt rather than truncated
                }
                if (name.equals("IEND")) {
                    return Optional.empty();
                }
                long end = pos + 12 + length;
                if (end > total) {
                    return Optional.of(String.format(Locale.ROOT,
                            "the data ends inside its %s chunk, which declares %,d bytes of data but only %,d of "
                                    + "them are present (%,d bytes in all)",
                            name, length, Math.max(0, total - pos - 8), total));
                }
                last = "the " + name + " chunk";
                pos = end;
            }
        } catch (IOException | RuntimeException e) {
            // Not diagnosable; the caller reports the decoder's own message.
        }
        return Optional.empty();
    }

    private static long totalLength(ImageInputStream in, long start) throws IOException {
        long length = in.length();
        if (length >= 0) {
            return length;
        }
        in.seek(start);
        byte[] buffer = new byte[8192];
        long n = start;
        for (int r; (r = in.read(buffer)) > 0; ) {
            n += r;
        }
        return n;
    }

    private static boolean isLetters(String chunkType) {
        for (int i = 0; i < chunkType.length(); i++) {
            char c = chunkType.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }
}
