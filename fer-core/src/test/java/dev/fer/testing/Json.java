package dev.fer.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for tests (objects become {@code Map<String, Object>}, arrays {@code List<Object>}, numbers
 * {@code Double}), plus typed accessors. Not for production use.
 */
public final class Json {
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /**
     * Parses a document.
     *
     * @param text JSON text
     * @return the value
     */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != p.s.length()) {
            throw new IllegalArgumentException("Trailing data at " + p.i);
        }
        return v;
    }

    /**
     * Follows a path of keys (for maps) and indexes (for lists).
     *
     * @param root a parsed value
     * @param path keys and indexes
     * @return the value found, or null
     */
    @SuppressWarnings("unchecked")
    public static Object at(Object root, Object... path) {
        Object cur = root;
        for (Object k : path) {
            if (cur == null) {
                return null;
            }
            cur = k instanceof Integer idx ? ((List<Object>) cur).get(idx) : ((Map<String, Object>) cur).get(k);
        }
        return cur;
    }

    /**
     * A map at a path.
     *
     * @param root root
     * @param path path
     * @return the map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object root, Object... path) {
        return (Map<String, Object>) at(root, path);
    }

    /**
     * A list at a path.
     *
     * @param root root
     * @param path path
     * @return the list
     */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object root, Object... path) {
        return (List<Object>) at(root, path);
    }

    /**
     * A number at a path.
     *
     * @param root root
     * @param path path
     * @return the number
     */
    public static double num(Object root, Object... path) {
        return ((Number) at(root, path)).doubleValue();
    }

    /**
     * A list of numbers at a path as doubles.
     *
     * @param root root
     * @param path path
     * @return the numbers
     */
    public static double[] nums(Object root, Object... path) {
        List<Object> l = list(root, path);
        double[] out = new double[l.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = ((Number) l.get(k)).doubleValue();
        }
        return out;
    }

    private Object value() {
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                i += 4;
                return Boolean.TRUE;
            case 'f':
                i += 5;
                return Boolean.FALSE;
            case 'n':
                i += 4;
                return null;
            default:
                return number();
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (s.charAt(i) == '}') {
            i++;
            return m;
        }
        while (true) {
            ws();
            String k = string();
            ws();
            expect(':');
            ws();
            m.put(k, value());
            ws();
            if (s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (s.charAt(i) == ']') {
            i++;
            return l;
        }
        while (true) {
            ws();
            l.add(value());
            ws();
            if (s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect(']');
            return l;
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Double number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String t = s.substring(start, i);
        if (t.isEmpty()) {
            throw new IllegalArgumentException("Unexpected '" + s.charAt(i) + "' at " + i);
        }
        return Double.valueOf(t);
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("Expected '" + c + "' at " + i + ", found '" + s.charAt(i) + "'");
        }
        i++;
    }
}
