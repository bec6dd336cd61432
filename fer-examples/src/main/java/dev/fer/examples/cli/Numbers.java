package dev.fer.examples.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the CLI's numeric options. Their messages complete a sentence that starts with the
 * option's name, for example {@code --every must be at least 1, got 0}; {@link FerCli} adds the name.
 *
 * <p>Stateless and thread-safe.
 */
public final class Numbers {
    private Numbers() {
    }

    private static int whole(String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expects a whole number, got '" + value + "'");
        }
        if (n < min) {
            throw new TypeConversionException("must be at least " + min + ", got " + n);
        }
        return n;
    }

    /** A whole number, 0 or more. */
    public static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return whole(value, 0);
        }
    }

    /** A whole number, 1 or more. */
    public static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return whole(value, 1);
        }
    }

    /** A number strictly between 0 and 1. */
    public static final class Unit implements ITypeConverter<Float> {
        @Override
        public Float convert(String value) {
            float f;
            try {
                f = Float.parseFloat(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expects a number between 0 and 1, got '" + value + "'");
            }
            if (!(f > 0f && f < 1f)) {
                throw new TypeConversionException(String.format(Locale.ROOT,
                        "must be between 0 and 1 (exclusive), got %s", value));
            }
            return f;
        }
    }
}
