package dev.fer.examples.cli;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * JSON output of the CLI on Jackson: compact, members in insertion order, numbers with a fixed number of decimals
 * independent of the default locale (trailing zeros dropped, never in exponent form), NaN and infinities as
 * {@code null}, and U+2028/U+2029 escaped so every line is also valid JavaScript.
 *
 * <pre>{@code
 * ObjectNode o = JsonOutput.object().put("n", 5);
 * o.set("overall", JsonOutput.number(0.8333333, 6));
 * String json = JsonOutput.write(o); // {"n":5,"overall":0.833333}
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class JsonOutput {
    private static final JsonMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
            .characterEscapes(new LineSeparatorEscapes())
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build()).build();

    private JsonOutput() {
    }

    /**
     * A new empty object.
     *
     * @return the node
     */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * A new empty array.
     *
     * @return the node
     */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /**
     * A number rounded half-up to a number of decimals, trailing zeros dropped; NaN and infinities as {@code null}.
     *
     * @param value the number
     * @param decimals decimals kept, 0 or more
     * @return the node
     */
    public static JsonNode number(double value, int decimals) {
        BigDecimal d = decimal(value, decimals);
        return d == null ? NullNode.instance : DecimalNode.valueOf(d);
    }

    /**
     * The number as plain text (see {@link #number(double, int)}).
     *
     * @param value the number
     * @param decimals decimals kept
     * @return for example {@code 0.25}, {@code 3} or {@code null}
     */
    public static String text(double value, int decimals) {
        BigDecimal d = decimal(value, decimals);
        return d == null ? "null" : d.toPlainString();
    }

    private static BigDecimal decimal(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return null;
        }
        BigDecimal d = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        if (d.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    /**
     * The node as compact JSON text on one line.
     *
     * @param node the document
     * @return the text
     */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's standard escapes plus U+2028 and U+2029. */
    private static final class LineSeparatorEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 || ch == 0x2029
                    ? new SerializedString(String.format(java.util.Locale.ROOT, "\\u%04x", ch)) : null;
        }
    }
}
