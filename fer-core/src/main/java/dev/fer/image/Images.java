package dev.fer.image;

import dev.fer.FerException;
import dev.fer.ImageDecodeException;
import dev.fer.internal.ImageAccess;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Static factories that turn files, bytes and {@link BufferedImage}s into {@link FerImage}s, and back. All methods
 * are stateless and safe to call from any number of threads at once.
 *
 * <p>Supported formats: {@value #SUPPORTED_FORMATS}; the format is detected from the content, and a folder is listed
 * by the file name extensions in {@link #FILE_EXTENSIONS} ({@link #hasImageExtension(Path)}). That one list is what
 * the pipeline, the dataset scanner, the CLI and the README state. Decoding uses javax.imageio (any further reader
 * plug-in on the class path also works, see {@link #readableFormats()}) and yields the pixels OpenCV
 * {@code imread(path, IMREAD_COLOR)} yields: 8-bit {@link PixelFormat#BGR}; grey images replicated to three channels
 * unless {@link DecodeOptions#keepGray()}; alpha ignored without compositing; 16-bit samples reduced to their high
 * byte; embedded ICC profiles ignored (no colour management); a JPEG's EXIF orientation applied; CMYK and YCCK JPEGs
 * converted with OpenCV's formula. PNG, BMP and the shared test JPEGs decode bit-identically to OpenCV 4.x. JPEG
 * pixels come from the JDK's libjpeg: JDKs linked to the system libjpeg-turbo (Debian, Ubuntu) match OpenCV exactly
 * for every chroma layout; JDKs bundling IJG libjpeg 6b (Temurin, Oracle) match exactly except for rare 4:4:0 files,
 * whose chroma 6b replicates where libjpeg-turbo interpolates (differences up to about 20–50 levels at sharp colour
 * edges, channel means within 0.1).
 *
 * <p>Every failure is an {@link ImageDecodeException} whose message names the input, what was expected and what was
 * found: missing or empty files, unknown formats, truncated data, corrupt headers and images whose header declares
 * more than {@link DecodeOptions#maxPixels()} pixels (checked before any pixel memory is allocated).
 */
public final class Images {
    /**
     * The supported image formats, as messages and help texts state them. TIFF is read by the JDK's own reader
     * (Java 9 and later), so TIFF datasets such as JAFFE need no plug-in.
     */
    public static final String SUPPORTED_FORMATS = "JPEG, PNG, BMP, GIF and TIFF (.jpg, .jpeg, .png, .bmp, .gif, "
            + ".tif, .tiff)";

    /**
     * File name extensions (lower case, without the dot) of the {@linkplain #SUPPORTED_FORMATS supported formats}:
     * a file in a listed folder (batch, dataset) is taken as an image when its name ends in one of them, in any
     * case.
     */
    public static final List<String> FILE_EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff");

    private Images() {
    }

    /**
     * Whether a file's name ends in one of the {@link #FILE_EXTENSIONS}, in any case. Looks at the name only.
     *
     * @param file a path
     * @return true for {@code a.JPG}, {@code b.tiff}; false for {@code notes.txt}, {@code .jpg} or a name without
     *     an extension
     */
    public static boolean hasImageExtension(Path file) {
        Path name = Objects.requireNonNull(file, "file").getFileName();
        if (name == null) {
            return false;
        }
        String n = name.toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && FILE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Reads an image file with {@link DecodeOptions#defaults()}.
     *
     * @param file the file to read
     * @return its pixels, BGR
     * @throws ImageDecodeException when the file cannot be read or decoded
     * @see #read(Path, DecodeOptions)
     */
    public static FerImage read(Path file) {
        return read(file, DecodeOptions.defaults());
    }

    /**
     * Reads an image file. The format is detected from the content, not the name.
     *
     * @param file the file to read
     * @param options pixel limit, EXIF orientation and grey handling
     * @return its pixels: BGR, or GRAY for grey sources when {@link DecodeOptions#keepGray()} is set
     * @throws ImageDecodeException when the file is missing, unreadable, empty, in an unknown format, truncated or
     *     corrupt, or when its header declares more than {@link DecodeOptions#maxPixels()} pixels
     */
    public static FerImage read(Path file, DecodeOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Path abs = file.toAbsolutePath();
        String what = "image file " + abs;
        if (!Files.exists(abs)) {
            String where = file.isAbsolute() ? ""
                    : " (the relative path was resolved against the working directory "
                            + Path.of("").toAbsolutePath() + ")";
            throw new ImageDecodeException("Cannot read " + what + ": no such file exists" + where
                    + ". Check the path.");
        }
        if (Files.isDirectory(abs)) {
            throw new ImageDecodeException("Cannot read " + what + ": it is a directory, not an image file. Pass one "
                    + "image file; to process a folder, list its files and read each one.");
        }
        if (!Files.isRegularFile(abs)) {
            throw new ImageDecodeException("Cannot read " + what + ": it is not a regular file (a device, pipe or "
                    + "socket); expected an image file.");
        }
        long size;
        try {
            size = Files.size(abs);
        } catch (IOException e) {
            throw new ImageDecodeException("Cannot read " + what + ": " + e.getMessage() + ".", e);
        }
        ImageInputStream in;
        try {
            if (abs.getFileSystem() == FileSystems.getDefault()) {
                in = new FileImageInputStream(abs.toFile());
            } else if (size > Integer.MAX_VALUE - 8) {
                throw new ImageDecodeException(String.format(Locale.ROOT, "Cannot read %s: it has %,d bytes, more "
                        + "than one Java array can hold, and its file system (%s) offers no random access.", what,
                        size, abs.getFileSystem()));
            } else {
                in = new ByteArrayImageInputStream(Files.readAllBytes(abs));
            }
        } catch (FileNotFoundException | NoSuchFileException | AccessDeniedException e) {
            throw new ImageDecodeException("Cannot read " + what + ": it cannot be opened for reading ("
                    + e.getMessage() + "). Check that it exists and that this process may read it.", e);
        } catch (IOException e) {
            throw new ImageDecodeException("Cannot read " + what + ": " + e + ".", e);
        }
        return ImageDecoder.decode(in, what, size, abs.getFileName() == null ? null : abs.getFileName().toString(),
                options);
    }

    /**
     * Decodes an encoded image (JPEG, PNG, ...) held in memory, with {@link DecodeOptions#defaults()}.
     *
     * @param data the encoded bytes; not modified and not retained
     * @return the pixels, BGR
     * @throws ImageDecodeException when the bytes cannot be decoded
     * @see #decode(byte[], DecodeOptions)
     */
    public static FerImage decode(byte[] data) {
        return decode(data, DecodeOptions.defaults());
    }

    /**
     * Decodes an encoded image (JPEG, PNG, ...) held in memory.
     *
     * @param data the encoded bytes; not modified and not retained
     * @param options pixel limit, EXIF orientation and grey handling
     * @return the pixels: BGR, or GRAY for grey sources when {@link DecodeOptions#keepGray()} is set
     * @throws ImageDecodeException when the bytes are empty, in an unknown format, truncated or corrupt, or when the
     *     header declares more than {@link DecodeOptions#maxPixels()} pixels
     */
    public static FerImage decode(byte[] data, DecodeOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        String what = String.format(Locale.ROOT, "the byte array of %,d bytes", data.length);
        return ImageDecoder.decode(new ByteArrayImageInputStream(data), what, data.length, null, options);
    }

    /**
     * Decodes an encoded image read from a stream, with {@link DecodeOptions#defaults()}.
     *
     * @param in the stream; read as far as the decoder needs and not closed
     * @return the pixels, BGR
     * @throws ImageDecodeException when the stream cannot be read or decoded
     * @see #decode(InputStream, DecodeOptions)
     */
    public static FerImage decode(InputStream in) {
        return decode(in, DecodeOptions.defaults());
    }

    /**
     * Decodes an encoded image read from a stream. Bytes are read only as far as needed, so a header declaring too
     * many pixels is refused after reading just the header. The stream is not closed.
     *
     * @param in the stream; read as far as the decoder needs and not closed
     * @param options pixel limit, EXIF orientation and grey handling
     * @return the pixels: BGR, or GRAY for grey sources when {@link DecodeOptions#keepGray()} is set
     * @throws ImageDecodeException when the stream fails, is empty, in an unknown format, truncated or corrupt, or
     *     when the header declares more than {@link DecodeOptions#maxPixels()} pixels
     */
    public static FerImage decode(InputStream in, DecodeOptions options) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(options, "options");
        return ImageDecoder.decode(new MemoryCacheImageInputStream(in), "the input stream", -1, null, options);
    }

    /**
     * Converts a {@link BufferedImage} of any type to BGR.
     *
     * @param image the source; its pixels are copied
     * @return a BGR image
     * @see #of(BufferedImage, PixelFormat)
     */
    public static FerImage of(BufferedImage image) {
        return of(image, PixelFormat.BGR);
    }

    /**
     * Converts a {@link BufferedImage} of any type, reading its raster directly as OpenCV would decode the same
     * pixels: samples are taken as stored, without colour management (a {@code TYPE_BYTE_GRAY} value of 7 becomes
     * 7, not the brighter value {@link BufferedImage#getRGB} reports); alpha is ignored, after dividing premultiplied
     * colours by alpha; 16-bit samples keep their high byte ({@code v >> 8}); samples narrower than 8 bits, such as
     * those of {@code TYPE_USHORT_565_RGB}, are shifted left ({@code v << (8 - bits)}); palette colours are looked up
     * ignoring their alpha. Colour models other than RGB, grey and palette (CMYK, Lab, float samples) are converted
     * through {@link BufferedImage#getRGB}. Grey sources converted to {@link PixelFormat#GRAY} keep their values;
     * colour sources are converted with OpenCV's weights ({@link FerImage#convert(PixelFormat)}).
     *
     * @param image the source; its pixels are copied, and it must not be modified during the call
     * @param format the pixel format wanted
     * @return a new image
     * @throws IllegalArgumentException when the image is too large for one Java array
     */
    public static FerImage of(BufferedImage image, PixelFormat format) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        return BufferedImageConverter.convert(image, format == PixelFormat.GRAY, false).convert(format);
    }

    /**
     * Copies an image into a new {@link BufferedImage}: {@code TYPE_3BYTE_BGR} for BGR and RGB images,
     * {@code TYPE_BYTE_GRAY} for grey ones. {@link #of(BufferedImage, PixelFormat)} of the result gives back the same
     * pixels.
     *
     * @param image the source
     * @return a new, independent image
     */
    public static BufferedImage toBufferedImage(FerImage image) {
        Objects.requireNonNull(image, "image");
        byte[] src = ImageAccess.pixelsOf(image);
        int w = image.width();
        int h = image.height();
        boolean gray = image.format() == PixelFormat.GRAY;
        BufferedImage out = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        if (image.format() == PixelFormat.RGB) {
            ColorConversions.convert(src, PixelFormat.RGB, dst, PixelFormat.BGR, w * h);
        } else {
            // TYPE_3BYTE_BGR stores each pixel as B, G, R: the same bytes as a BGR FerImage.
            System.arraycopy(src, 0, dst, 0, dst.length);
        }
        return out;
    }

    /**
     * Writes an image as a lossless PNG (8-bit RGB, or 8-bit grey for GRAY images), replacing any existing file.
     * Reading the file back with {@link #read(Path)} gives the same pixels.
     *
     * @param image the image
     * @param file the destination; its folder must exist
     * @throws FerException when the file cannot be written
     */
    public static void writePng(FerImage image, Path file) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(file, "file");
        BufferedImage buffered = toBufferedImage(image);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (OutputStream out = Files.newOutputStream(file);
                ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(buffered);
        } catch (IOException | RuntimeException e) {
            throw new FerException("Cannot write PNG file " + file.toAbsolutePath() + ": " + e
                    + ". Check that the folder exists and is writable.", e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * The formats that {@link #read(Path)} and the {@code decode} methods accept: one name per installed
     * javax.imageio reader, for example BMP, GIF, JPEG, PNG, TIFF and WBMP on a plain JDK.
     *
     * @return upper-case format names, sorted
     */
    public static List<String> readableFormats() {
        return ImageDecoder.readableFormats();
    }
}
