package dev.fer.image;

import dev.fer.internal.ImageAccess;

/**
 * Applies an EXIF orientation (TIFF tag 0x0112, values 1–8) to decoded pixels so the image appears upright. The
 * mapping is OpenCV's {@code ExifTransform}: 2 mirror left-right, 3 rotate 180°, 4 mirror top-bottom, 5 transpose,
 * 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise. Stateless; thread-safe.
 */
final class Orientation {
    private Orientation() {
    }

    /**
     * The oriented image. {@code pixels} is not modified; orientation 1 (or any value outside 2–8) returns an image
     * wrapping {@code pixels} itself, so callers must hand over an array they no longer use.
     */
    static FerImage apply(byte[] pixels, int width, int height, PixelFormat format, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return ImageAccess.wrap(pixels, width, height, format);
        }
        int ch = format.channels();
        boolean swap = orientation >= 5;
        int outW = swap ? height : width;
        int outH = swap ? width : height;
        // Source coordinates are affine in the output ones: sx = ax*x + bx*y + cx, sy = ay*x + by*y + cy.
        int[] k = switch (orientation) {
            case 2 -> new int[] {-1, 0, width - 1, 0, 1, 0};
            case 3 -> new int[] {-1, 0, width - 1, 0, -1, height - 1};
            case 4 -> new int[] {1, 0, 0, 0, -1, height - 1};
            case 5 -> new int[] {0, 1, 0, 1, 0, 0};
            case 6 -> new int[] {0, 1, 0, -1, 0, height - 1};
            case 7 -> new int[] {0, -1, width - 1, -1, 0, height - 1};
            default -> new int[] {0, -1, width - 1, 1, 0, 0}; // 8
        };
        int step = (k[3] * width + k[0]) * ch;
        byte[] out = new byte[pixels.length];
        int o = 0;
        for (int y = 0; y < outH; y++) {
            int s = ((k[4] * y + k[5]) * width + k[1] * y + k[2]) * ch;
            if (ch == 3) {
                for (int x = 0; x < outW; x++, s += step, o += 3) {
                    out[o] = pixels[s];
                    out[o + 1] = pixels[s + 1];
                    out[o + 2] = pixels[s + 2];
                }
            } else {
                for (int x = 0; x < outW; x++, s += step) {
                    for (int c = 0; c < ch; c++) {
                        out[o++] = pixels[s + c];
                    }
                }
            }
        }
        return ImageAccess.wrap(out, outW, outH, format);
    }
}
