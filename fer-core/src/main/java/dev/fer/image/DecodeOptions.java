package dev.fer.image;

import java.util.Locale;

/**
 * Settings for {@link Images#read(java.nio.file.Path, DecodeOptions)} and the {@code decode} methods: a pixel limit,
 * EXIF orientation handling and whether grey images stay single-channel. Instances are immutable and safe to share
 * across threads; the {@link Builder} is not thread-safe.
 *
 * <p>Obtain the defaults with {@link #defaults()} or start from {@link #builder()}, whose defaults are written on each
 * setter.
 *
 * @param maxPixels largest {@code width * height} a decoder accepts, at least 1; checked against the size that the
 *     file's header declares, before any pixel memory is allocated
 * @param applyExifOrientation whether the EXIF orientation tag (values 1–8) of a JPEG is applied to the decoded
 *     pixels, as OpenCV {@code imread(IMREAD_COLOR)} does
 * @param keepGray whether single-channel (grey) sources are returned as {@link PixelFormat#GRAY} instead of being
 *     replicated to three {@link PixelFormat#BGR} channels
 */
public record DecodeOptions(long maxPixels, boolean applyExifOrientation, boolean keepGray) {

    /** The default pixel limit: 100,000,000 pixels (100 megapixels, 300 MB as BGR). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private static final DecodeOptions DEFAULTS = new DecodeOptions(DEFAULT_MAX_PIXELS, true, false);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException when {@code maxPixels} is less than 1
     */
    public DecodeOptions {
        if (maxPixels < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "DecodeOptions.maxPixels must be at least 1, got %d; the default is %,d pixels.", maxPixels,
                    DEFAULT_MAX_PIXELS));
        }
    }

    /**
     * The default settings: a limit of {@value #DEFAULT_MAX_PIXELS} pixels, EXIF orientation applied, grey images
     * replicated to BGR. These match OpenCV {@code imread(path, IMREAD_COLOR)}.
     *
     * @return the shared default instance
     */
    public static DecodeOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /**
     * A builder starting from these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds {@link DecodeOptions}. Not thread-safe; {@link #build()} validates.
     */
    public static final class Builder {
        private long maxPixels;
        private boolean applyExifOrientation;
        private boolean keepGray;

        private Builder(DecodeOptions from) {
            this.maxPixels = from.maxPixels;
            this.applyExifOrientation = from.applyExifOrientation;
            this.keepGray = from.keepGray;
        }

        /**
         * The largest {@code width * height} to decode. Files whose header declares more pixels are refused with an
         * {@link dev.fer.ImageDecodeException} before pixel memory is allocated. Default
         * {@value DecodeOptions#DEFAULT_MAX_PIXELS}.
         *
         * @param maxPixels at least 1
         * @return this builder
         */
        public Builder maxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        /**
         * Whether a JPEG's EXIF orientation tag is applied (rotating or mirroring the pixels so the image appears
         * upright, as OpenCV does). Default {@code true}.
         *
         * @param apply {@code false} to return the pixels in stored order
         * @return this builder
         */
        public Builder applyExifOrientation(boolean apply) {
            this.applyExifOrientation = apply;
            return this;
        }

        /**
         * Whether grey sources (grey JPEG, PNG, BMP, or palette images whose colours are all grey) are returned as
         * one-channel {@link PixelFormat#GRAY} images. Colour sources are always returned as BGR. Default
         * {@code false}: grey values are replicated to three BGR channels, as OpenCV {@code IMREAD_COLOR} does.
         *
         * @param keep {@code true} to keep grey images single-channel
         * @return this builder
         */
        public Builder keepGray(boolean keep) {
            this.keepGray = keep;
            return this;
        }

        /**
         * Validates and builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException when {@code maxPixels} is less than 1
         */
        public DecodeOptions build() {
            return new DecodeOptions(maxPixels, applyExifOrientation, keepGray);
        }
    }
}
