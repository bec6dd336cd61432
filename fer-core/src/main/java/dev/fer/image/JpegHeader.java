package dev.fer.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/**
 * What fer-java needs from a JPEG's marker segments before decoding: the EXIF orientation (APP1), the Adobe colour
 * transform (APP14), the number of components (SOF) and where embedded ICC profiles are (APP2 {@code ICC_PROFILE}).
 * The parser walks the segments up to the first scan, never throws, and falls back to "unknown" values on anything
 * malformed. Immutable; thread-safe.
 */
final class JpegHeader {
    /** Orientation used when the file has no valid EXIF orientation. */
    static final int ORIENTATION_NORMAL = 1;

    /** No APP14 Adobe segment was found. */
    static final int NO_ADOBE_TRANSFORM = -1;

    private static final int MAX_SEGMENTS = 4096;
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private final int orientation;
    private final int adobeTransform;
    private final int components;
    private final long[] iccSegments;

    JpegHeader(int orientation, int adobeTransform, int components) {
        this(orientation, adobeTransform, components, new long[0]);
    }

    JpegHeader(int orientation, int adobeTransform, int components, long[] iccSegments) {
        this.orientation = orientation;
        this.adobeTransform = adobeTransform;
        this.components = components;
        this.iccSegments = iccSegments.clone();
    }

    /**
     * The APP2 {@code ICC_PROFILE} segments as {@code start, end} stream positions (start at the marker's first
     * {@code 0xFF}, end after the payload), in stream order; empty when there are none.
     */
    long[] iccSegments() {
        return iccSegments.clone();
    }

    /** EXIF orientation 1–8; 1 when absent or invalid. */
    int orientation() {
        return orientation;
    }

    /** Transform byte of the last APP14 Adobe segment (0 = none/CMYK, 1 = YCbCr, 2 = YCCK), or -1 when absent. */
    int adobeTransform() {
        return adobeTransform;
    }

    /** Number of components declared by the frame header, 0 when not found. */
    int components() {
        return components;
    }

    /**
     * Parses the stream from its current position, which must be the start of the JPEG. Never throws: garbage
     * yields defaults. The stream position afterwards is unspecified.
     */
    static JpegHeader parse(ImageInputStream in) {
        int orientation = 0;
        int adobe = NO_ADOBE_TRANSFORM;
        int components = 0;
        List<Long> icc = new ArrayList<>();
        try {
            if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != 0xD8) {
                return new JpegHeader(ORIENTATION_NORMAL, adobe, components);
            }
            for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
                long start = in.getStreamPosition();
                int b = in.readUnsignedByte();
                if (b != 0xFF) {
                    break; // not at a marker: give up quietly
                }
                int marker = in.readUnsignedByte();
                while (marker == 0xFF) { // fill bytes
                    marker = in.readUnsignedByte();
                }
                if (marker == 0xD9 || marker == 0xDA) { // EOI or start of scan: no more headers
                    break;
                }
                if (marker == 0x01 || marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue; // markers without a length
                }
                int length = in.readUnsignedShort();
                if (length < 2) {
                    break;
                }
                int payload = length - 2;
                if (marker == 0xE1 && orientation == 0 && payload >= 14) {
                    byte[] data = new byte[payload];
                    in.readFully(data);
                    orientation = exifOrientation(data);
                } else if (marker == 0xEE && payload >= 12) {
                    byte[] data = new byte[payload];
                    in.readFully(data);
                    if (data[0] == 'A' && data[1] == 'd' && data[2] == 'o' && data[3] == 'b' && data[4] == 'e') {
                        adobe = data[11] & 0xFF;
                    }
                } else if (marker == 0xE2 && payload >= ICC_TAG.length) {
                    byte[] tag = new byte[ICC_TAG.length];
                    in.readFully(tag);
                    int rest = payload - tag.length;
                    if (in.skipBytes(rest) == rest && Arrays.equals(tag, ICC_TAG)) {
                        icc.add(start);
                        icc.add(in.getStreamPosition());
                    }
                } else if (isStartOfFrame(marker) && payload >= 6) {
                    byte[] data = new byte[payload];
                    in.readFully(data);
                    components = data[5] & 0xFF;
                } else {
                    in.skipBytes(payload);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Truncated or garbled headers: keep what was found; the decoder reports real damage itself.
        }
        return new JpegHeader(orientation == 0 ? ORIENTATION_NORMAL : orientation, adobe, components,
                icc.stream().mapToLong(Long::longValue).toArray());
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /**
     * The orientation in an APP1 payload ("Exif\0\0" + TIFF), 0 when this is not EXIF or holds no valid tag.
     * Every offset is bounds-checked; nothing here throws on garbage.
     */
    static int exifOrientation(byte[] app1) {
        if (app1.length < 14 || app1[0] != 'E' || app1[1] != 'x' || app1[2] != 'i' || app1[3] != 'f'
                || app1[4] != 0 || app1[5] != 0) {
            return 0;
        }
        final int tiff = 6;
        boolean little;
        if (app1[tiff] == 'I' && app1[tiff + 1] == 'I') {
            little = true;
        } else if (app1[tiff] == 'M' && app1[tiff + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        if (u16(app1, tiff + 2, little) != 42) {
            return 0;
        }
        long ifd = u32(app1, tiff + 4, little);
        long ifdPos = tiff + ifd;
        if (ifd < 8 || ifdPos + 2 > app1.length) {
            return 0;
        }
        int count = u16(app1, (int) ifdPos, little);
        for (int i = 0; i < count; i++) {
            long entry = ifdPos + 2 + 12L * i;
            if (entry + 12 > app1.length) {
                return 0;
            }
            int e = (int) entry;
            if (u16(app1, e, little) == TAG_ORIENTATION) {
                if (u16(app1, e + 2, little) != TYPE_SHORT || u32(app1, e + 4, little) < 1) {
                    return 0;
                }
                int value = u16(app1, e + 8, little);
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int b0 = b[at] & 0xFF;
        int b1 = b[at + 1] & 0xFF;
        return little ? b0 | (b1 << 8) : (b0 << 8) | b1;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long lo = u16(b, little ? at : at + 2, little);
        long hi = u16(b, little ? at + 2 : at, little);
        return (hi << 16) | lo;
    }
}
