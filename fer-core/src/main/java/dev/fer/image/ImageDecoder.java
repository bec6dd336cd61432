package dev.fer.image;

import dev.fer.ImageDecodeException;
import dev.fer.internal.ImageAccess;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one image from an {@link ImageInputStream} with javax.imageio, OpenCV-compatible: BGR (or grey) 8-bit
 * pixels, no colour management, alpha ignored, EXIF orientation applied. Every failure becomes an
 * {@link ImageDecodeException}. Stateless; thread-safe (each call uses its own reader).
 */
final class ImageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(Images.class);

    /** The most pixels whose BGR bytes fit in one Java array. */
    static final long MAX_ARRAY_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private static final int MAX_WARNINGS = 8;

    private ImageDecoder() {
    }

    /**
     * Decodes the first image of the stream and closes the stream.
     *
     * @param in the data, positioned at its start
     * @param what how messages name the input, e.g. "image file /x/y.jpg" or "the byte array of 12 bytes"
     * @param size the input's size in bytes, or -1 when unknown
     * @param nameHint a file name used to hint at the expected format in messages, or null
     * @param options decoding options
     */
    static FerImage decode(ImageInputStream in, String what, long size, String nameHint, DecodeOptions options) {
        long start = System.nanoTime();
        try (ImageInputStream stream = in) {
            if (size == 0 || (size < 0 && isEmpty(stream))) {
                throw new ImageDecodeException("Cannot decode " + what + ": it is empty (0 bytes); expected an image"
                        + " in one of the supported formats (" + Images.SUPPORTED_FORMATS + ").");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new ImageDecodeException(unknownFormat(stream, what, nameHint));
            }
            ImageReader reader = readers.next();
            try {
                FerImage image = read(reader, stream, what, size, options);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("Decoded {} ({}, {}x{} {}) in {} ms", what, formatName(reader), image.width(),
                            image.height(), image.format(), (System.nanoTime() - start) / 1_000_000);
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // Only close() or the emptiness probe can get here.
            throw new ImageDecodeException("Cannot read " + what + ": " + describe(e) + ".", e);
        }
    }

    private static boolean isEmpty(ImageInputStream stream) throws IOException {
        boolean empty = stream.read() < 0;
        stream.seek(0);
        return empty;
    }

    private static FerImage read(ImageReader reader, ImageInputStream stream, String what, long size,
            DecodeOptions options) {
        String format = formatName(reader);
        boolean jpeg = format.equals("JPEG");
        JpegHeader header = null;
        try {
            if (jpeg) {
                stream.seek(0);
                header = JpegHeader.parse(stream);
                stream.seek(0);
                long[] icc = header.iccSegments();
                // Length -1: a MemoryCacheImageInputStream, which keeps what it read in memory anyway.
                if (header.components() != 4 && icc.length > 0 && stream.length() < Integer.MAX_VALUE - 8) {
                    stream = withoutSegments(stream, icc);
                }
            }
        } catch (IOException e) {
            throw new ImageDecodeException("Cannot read " + what + ": " + describe(e) + ".", e);
        }
        // Not seek-forward-only: checkPngComplete walks ahead of the reader and seeks back.
        reader.setInput(stream, false, true);
        Set<String> warnings = new LinkedHashSet<>();
        reader.addIIOReadWarningListener((source, warning) -> {
            if (warnings.size() < MAX_WARNINGS && warning != null) {
                warnings.add(warning);
            }
        });

        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw failure(what, format, size, warnings, e, true);
        }
        checkDeclaredSize(what, format, width, height, options);
        if (format.equals("PNG")) {
            // javax.imageio reports a cut-off PNG as a zlib error; check the chunk list first to say what happened.
            checkPngComplete(what, size, stream);
        }

        FerImage image;
        try {
            if (jpeg && header.components() == 4) {
                Raster raw = reader.readRaster(0, null);
                checkWarnings(what, format, size, warnings);
                byte[] bgr = JpegCmyk.toBgr(raw, header.adobeTransform() != JpegHeader.NO_ADOBE_TRANSFORM
                        && header.adobeTransform() != 0);
                image = ImageAccess.wrap(bgr, raw.getWidth(), raw.getHeight(), PixelFormat.BGR);
            } else {
                ImageReadParam param = reader.getDefaultReadParam();
                if (jpeg) {
                    ImageTypeSpecifier type = typeWithoutColorConversion(reader);
                    if (type != null && isByteTriple(type)) {
                        // The reader decodes each row in R, G, B order and copies it into its destination: into a
                        // B, G, R image pixel by pixel through a generic band loop, into one of its own order with
                        // one arraycopy. So decode into R, G, B of the same colour space (no colour conversion
                        // either way); convert() swaps to B, G, R in place.
                        param.setDestination(rgbOrder(type.getColorModel().getColorSpace(), width, height));
                    } else if (type != null) {
                        param.setDestinationType(type);
                    }
                }
                BufferedImage decoded = reader.read(0, param);
                checkWarnings(what, format, size, warnings);
                image = BufferedImageConverter.convert(decoded, options.keepGray(), true);
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(what, format, size, warnings, e, false);
        }
        if (!warnings.isEmpty()) {
            LOG.warn("Decoded {} although the {} decoder reported: {}", what, format, String.join("; ", warnings));
        }
        if (jpeg && options.applyExifOrientation() && header.orientation() != JpegHeader.ORIENTATION_NORMAL) {
            image = Orientation.apply(ImageAccess.pixelsOf(image), image.width(), image.height(), image.format(),
                    header.orientation());
        }
        return image;
    }

    /**
     * The stream's bytes without the given {@code start, end} ranges, as a new stream at position 0. Used to drop a
     * JPEG's embedded ICC profile before decoding: the pixels are decoded without colour conversion either way (as
     * OpenCV does), but javax.imageio builds a colour transform for any profile it sees while reading the header,
     * which cost about as much as decoding a 1-megapixel photo.
     */
    static ImageInputStream withoutSegments(ImageInputStream stream, long[] ranges) throws IOException {
        byte[] all;
        if (stream instanceof ByteArrayImageInputStream bytes) {
            all = bytes.array();
        } else {
            stream.seek(0);
            ByteArrayOutputStream read = new ByteArrayOutputStream(
                    (int) Math.max(0, Math.min(stream.length(), Integer.MAX_VALUE - 8)));
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = stream.read(buf)) > 0) {
                read.write(buf, 0, n);
            }
            all = read.toByteArray();
        }
        // The ranges are whole segments the header parser read inside the stream, in order and not overlapping.
        int dropped = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            dropped += (int) (ranges[i + 1] - ranges[i]);
        }
        byte[] kept = new byte[all.length - dropped];
        int from = 0;
        int to = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            int n = (int) ranges[i] - from;
            System.arraycopy(all, from, kept, to, n);
            to += n;
            from = (int) ranges[i + 1];
        }
        System.arraycopy(all, from, kept, to, all.length - from);
        return new ByteArrayImageInputStream(kept);
    }

    /** Whether a type is 8-bit, three interleaved colour bands without alpha (the reader's RGB types). */
    private static boolean isByteTriple(ImageTypeSpecifier type) {
        return type.getNumBands() == 3 && !type.getColorModel().hasAlpha()
                && type.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_RGB
                && type.getSampleModel().getDataType() == DataBuffer.TYPE_BYTE
                && type.getSampleModel() instanceof PixelInterleavedSampleModel;
    }

    /** An 8-bit image of the colour space with interleaved bands in R, G, B order, the JPEG decoder's row layout. */
    private static BufferedImage rgbOrder(ColorSpace cs, int width, int height) {
        ComponentColorModel cm = new ComponentColorModel(cs, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, width * 3, 3,
                new int[] {0, 1, 2}, null);
        return new BufferedImage(cm, raster, false, null);
    }

    /**
     * The JPEG reader converts pixels from an embedded ICC profile to sRGB when asked for its default (sRGB) type;
     * OpenCV never does. The reader also offers a type in the profile's own colour space, which it fills without
     * conversion: pick that one when it exists.
     */
    private static ImageTypeSpecifier typeWithoutColorConversion(ImageReader reader) throws IOException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        ImageTypeSpecifier first = null;
        while (types.hasNext()) {
            ImageTypeSpecifier type = types.next();
            if (first == null) {
                first = type;
                continue;
            }
            ColorSpace cs = type.getColorModel().getColorSpace();
            ColorSpace firstCs = first.getColorModel().getColorSpace();
            if (!isStandard(cs) && cs.getType() == firstCs.getType()
                    && type.getNumBands() == first.getNumBands()
                    && type.getSampleModel().getDataType() == first.getSampleModel().getDataType()) {
                return type;
            }
        }
        return first;
    }

    private static boolean isStandard(ColorSpace cs) {
        return cs == ColorSpace.getInstance(ColorSpace.CS_sRGB) || cs == ColorSpace.getInstance(ColorSpace.CS_GRAY)
                || cs == ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB)
                || cs == ColorSpace.getInstance(ColorSpace.CS_PYCC)
                || cs == ColorSpace.getInstance(ColorSpace.CS_CIEXYZ);
    }

    static void checkDeclaredSize(String what, String format, int width, int height, DecodeOptions options) {
        if (width < 1 || height < 1) {
            throw new ImageDecodeException("Cannot decode " + what + ": its " + format + " header declares a size of "
                    + width + "x" + height + " pixels; expected at least 1x1. The header is corrupt.");
        }
        long pixels = (long) width * height;
        if (pixels > options.maxPixels()) {
            String raise = pixels <= MAX_ARRAY_PIXELS
                    ? String.format(Locale.ROOT, " If you trust this input and can spare at least %,d MB of memory "
                            + "for its pixels, raise the limit with DecodeOptions.builder().maxPixels(%dL).build() and "
                            + "pass the options to Images.read or Images.decode.", pixels * 3 / 1_000_000, pixels)
                    : String.format(Locale.ROOT, " Raising the limit (DecodeOptions.builder().maxPixels(...)) would"
                            + " not help: images above %,d pixels do not fit in one Java array as BGR.",
                            MAX_ARRAY_PIXELS);
            throw new ImageDecodeException(String.format(Locale.ROOT,
                    "Refusing to decode %s: its %s header declares %dx%d = %,d pixels, more than the limit of %,d "
                            + "pixels (DecodeOptions.maxPixels); no pixel memory was allocated.%s",
                    what, format, width, height, pixels, options.maxPixels(), raise));
        }
        if (pixels > MAX_ARRAY_PIXELS) {
            throw new ImageDecodeException(String.format(Locale.ROOT,
                    "Cannot decode %s: its %s header declares %dx%d = %,d pixels, more than the %,d pixels whose BGR "
                            + "bytes fit in one Java array.",
                    what, format, width, height, pixels, MAX_ARRAY_PIXELS));
        }
    }

    private static void checkPngComplete(String what, long size, ImageInputStream stream) {
        long position;
        try {
            position = stream.getStreamPosition();
        } catch (IOException e) {
            return;
        }
        Optional<String> truncation = PngChunks.truncation(stream, position);
        if (truncation.isPresent()) {
            throw new ImageDecodeException(truncatedMessage(what, "PNG", size, truncation.get()));
        }
        try {
            stream.seek(position);
        } catch (IOException e) {
            throw new ImageDecodeException("Cannot read " + what + ": " + describe(e) + ".", e);
        }
    }

    private static void checkWarnings(String what, String format, long size, Set<String> warnings) {
        for (String w : warnings) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.contains("truncated") || lower.contains("premature end")) {
                throw new ImageDecodeException(truncatedMessage(what, format, size,
                        "it ends before the End-Of-Image marker, so part of the image is missing or unverified (the "
                                + "decoder reported: \"" + String.join("; ", warnings) + "\")"));
            }
        }
    }

    private static String truncatedMessage(String what, String format, long size, String detail) {
        String bytes = size >= 0 ? String.format(Locale.ROOT, " The input has %,d bytes;", size) : "";
        return "Cannot decode " + what + ": the " + format + " data is truncated: " + detail + "." + bytes
                + " it was probably cut short while copying, downloading or writing. Obtain a complete copy.";
    }

    private static ImageDecodeException failure(String what, String format, long size, Set<String> warnings,
            Exception e, boolean inHeader) {
        for (String w : warnings) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.contains("truncated") || lower.contains("premature end")) {
                return new ImageDecodeException(truncatedMessage(what, format, size,
                        "it ends before its image data is complete (the decoder reported: \"" + describe(e) + "; "
                                + String.join("; ", warnings) + "\")"), e);
            }
        }
        String part = inHeader ? "header" : "image data";
        return new ImageDecodeException("Cannot decode " + what + ": its " + format + " " + part
                + " is corrupt or uses a variant javax.imageio cannot read (the decoder reported: \"" + describe(e)
                + "\"); expected a valid " + format + " file.", e);
    }

    private static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String m = t.getMessage();
            String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
            if (!(t instanceof IOException) && m != null) {
                text = t.getClass().getSimpleName() + ": " + text;
            }
            if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(text)) {
                parts.add(text);
            }
        }
        return String.join(": ", parts);
    }

    private static String unknownFormat(ImageInputStream stream, String what, String nameHint) {
        StringBuilder start = new StringBuilder();
        try {
            stream.seek(0);
            byte[] head = new byte[8];
            int n = Math.max(0, stream.read(head));
            StringBuilder hex = new StringBuilder();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int b = head[i] & 0xFF;
                hex.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", b));
                text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
            }
            if (n > 0) {
                start.append(" (it starts with the bytes ").append(hex).append(", \"").append(text).append("\")");
            }
        } catch (IOException e) {
            // Leave the bytes out of the message.
        }
        String hint = "";
        if (nameHint != null) {
            int dot = nameHint.lastIndexOf('.');
            String ext = dot >= 0 ? nameHint.substring(dot + 1).toUpperCase(Locale.ROOT) : "";
            if (!ext.isEmpty() && formatNamesWithAliases().contains(ext)) {
                hint = " The name ends in ." + nameHint.substring(dot + 1) + ", but the content is not a valid "
                        + ext + " image.";
            }
        }
        return "Cannot decode " + what + ": its content is not in a supported image format" + start
                + "; expected " + Images.SUPPORTED_FORMATS + "." + hint;
    }

    private static String formatName(ImageReader reader) {
        ImageReaderSpi spi = reader.getOriginatingProvider();
        if (spi != null) {
            return longestName(spi.getFormatNames());
        }
        try {
            return reader.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }

    private static String longestName(String[] names) {
        String best = "";
        for (String n : names) {
            if (n.length() > best.length()) {
                best = n;
            }
        }
        return best.toUpperCase(Locale.ROOT);
    }

    /** One name per installed javax.imageio reader, upper case, sorted: e.g. BMP, GIF, JPEG, PNG, TIFF, WBMP. */
    static List<String> readableFormats() {
        Set<String> names = new TreeSet<>();
        Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        while (it.hasNext()) {
            names.add(longestName(it.next().getFormatNames()));
        }
        return List.copyOf(names);
    }

    private static Set<String> formatNamesWithAliases() {
        Set<String> names = new TreeSet<>();
        for (String n : ImageIO.getReaderFormatNames()) {
            names.add(n.toUpperCase(Locale.ROOT));
        }
        return names;
    }
}
