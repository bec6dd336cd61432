package dev.fer.examples.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer: compact output, strings escaped per RFC 8259, numbers written with a fixed number
 * of decimals independent of the default locale (trailing zeros dropped), NaN and infinities written as
 * {@code null}. Misuse (a value where a name is due, unbalanced ends) throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject().name("n").value(5).name("ok").value(true).endObject().toString();
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class JsonWriter {
    private enum Scope { OBJECT_NAME, OBJECT_VALUE, ARRAY }

    private final StringBuilder sb = new StringBuilder();
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private final Deque<Boolean> first = new ArrayDeque<>();
    private boolean done;

    /**
     * Opens an object.
     *
     * @return this
     */
    public JsonWriter beginObject() {
        beforeValue();
        sb.append('{');
        scopes.push(Scope.OBJECT_NAME);
        first.push(true);
        return this;
    }

    /**
     * Closes the innermost object.
     *
     * @return this
     */
    public JsonWriter endObject() {
        if (scopes.peek() != Scope.OBJECT_NAME) {
            throw new IllegalStateException("endObject() outside an object or after a name");
        }
        scopes.pop();
        first.pop();
        sb.append('}');
        afterValue();
        return this;
    }

    /**
     * Opens an array.
     *
     * @return this
     */
    public JsonWriter beginArray() {
        beforeValue();
        sb.append('[');
        scopes.push(Scope.ARRAY);
        first.push(true);
        return this;
    }

    /**
     * Closes the innermost array.
     *
     * @return this
     */
    public JsonWriter endArray() {
        if (scopes.peek() != Scope.ARRAY) {
            throw new IllegalStateException("endArray() outside an array");
        }
        scopes.pop();
        first.pop();
        sb.append(']');
        afterValue();
        return this;
    }

    /**
     * Writes a member name; a value must follow.
     *
     * @param name the name
     * @return this
     */
    public JsonWriter name(String name) {
        if (scopes.peek() != Scope.OBJECT_NAME) {
            throw new IllegalStateException("name() outside an object or twice in a row");
        }
        comma();
        string(name);
        sb.append(':');
        scopes.pop();
        scopes.push(Scope.OBJECT_VALUE);
        return this;
    }

    /**
     * Writes a string, or {@code null}.
     *
     * @param value the string
     * @return this
     */
    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            sb.append("null");
        } else {
            string(value);
        }
        afterValue();
        return this;
    }

    /**
     * Writes an integer.
     *
     * @param value the number
     * @return this
     */
    public JsonWriter value(long value) {
        beforeValue();
        sb.append(value);
        afterValue();
        return this;
    }

    /**
     * Writes a boolean.
     *
     * @param value the flag
     * @return this
     */
    public JsonWriter value(boolean value) {
        beforeValue();
        sb.append(value);
        afterValue();
        return this;
    }

    /**
     * Writes a number rounded to a number of decimals (half-up), trailing zeros dropped; NaN and infinities as
     * {@code null}.
     *
     * @param value the number
     * @param decimals decimals kept, 0 or more
     * @return this
     */
    public JsonWriter value(double value, int decimals) {
        beforeValue();
        sb.append(number(value, decimals));
        afterValue();
        return this;
    }

    /**
     * Writes {@code null}.
     *
     * @return this
     */
    public JsonWriter nullValue() {
        return value((String) null);
    }

    /**
     * A number as JSON text (see {@link #value(double, int)}).
     *
     * @param value the number
     * @param decimals decimals kept
     * @return the text, for example {@code 0.25}, {@code 3} or {@code null}
     */
    public static String number(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        BigDecimal d = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        if (d.signum() == 0) {
            return "0";
        }
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /**
     * The document written so far.
     *
     * @return the JSON text
     * @throws IllegalStateException when an object or array is still open
     */
    @Override
    public String toString() {
        if (!scopes.isEmpty()) {
            throw new IllegalStateException("JSON document not finished: " + scopes.size() + " open scope(s)");
        }
        return sb.toString();
    }

    private void beforeValue() {
        Scope s = scopes.peek();
        if (s == null) {
            if (done) {
                throw new IllegalStateException("a JSON document has one top-level value");
            }
            return;
        }
        if (s == Scope.OBJECT_NAME) {
            throw new IllegalStateException("a value inside an object needs name() first");
        }
        if (s == Scope.ARRAY) {
            comma();
        }
    }

    private void afterValue() {
        Scope s = scopes.peek();
        if (s == null) {
            done = true;
        } else if (s == Scope.OBJECT_VALUE) {
            scopes.pop();
            scopes.push(Scope.OBJECT_NAME);
        }
    }

    private void comma() {
        if (first.peek()) {
            first.pop();
            first.push(false);
        } else {
            sb.append(',');
        }
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    // Control characters must be escaped; U+2028/2029 too, so the output is also valid JavaScript.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
