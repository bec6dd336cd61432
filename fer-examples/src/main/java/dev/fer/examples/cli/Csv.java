package dev.fer.examples.cli;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Writes CSV rows per RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. Numbers are
 * formatted without the default locale, so a German or French machine still writes {@code 0.5}. A text field that
 * starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return (a file named
 * {@code =HYPERLINK(...).jpg}) gets a leading apostrophe, so spreadsheets show it instead of executing it
 * (OWASP "CSV injection"); numbers such as {@code -0.5} are left as they are.
 *
 * <p>Stateless and thread-safe.
 */
public final class Csv {
    private static final String FORMULA_START = "=+-@\t\r";
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private Csv() {
    }

    /**
     * One row, without the line terminator.
     *
     * @param fields the fields; {@code null} becomes an empty field
     * @return the row
     */
    public static String row(List<String> fields) {
        StringJoiner j = new StringJoiner(",");
        for (String f : fields) {
            j.add(field(f));
        }
        return j.toString();
    }

    /**
     * One field, quoted when needed.
     *
     * @param f the text, or {@code null}
     * @return the CSV field
     */
    public static String field(String f) {
        if (f == null) {
            return "";
        }
        if (!f.isEmpty() && FORMULA_START.indexOf(f.charAt(0)) >= 0 && !NUMBER.matcher(f).matches()) {
            // A spreadsheet would run "=cmd()" or "@SUM()" as a formula: a leading apostrophe keeps it text.
            f = "'" + f;
        }
        if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
            return '"' + f.replace("\"", "\"\"") + '"';
        }
        return f;
    }

    /**
     * A number with a fixed number of decimals, trailing zeros dropped.
     *
     * @param v the number
     * @param decimals decimals kept
     * @return the text
     */
    public static String num(double v, int decimals) {
        return Double.isFinite(v) ? JsonOutput.text(v, decimals) : "";
    }

    /**
     * A fixed-decimal number for people, independent of the default locale.
     *
     * @param v the number
     * @param decimals decimals shown
     * @return the text
     */
    public static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
