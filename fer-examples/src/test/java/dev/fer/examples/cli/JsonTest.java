package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fer.testing.Json;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void strings_areEscaped_andParseBackToTheSameText() {
        String nasty = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 line-sep \u2028 é 😀";
        String json = JsonOutput.write(JsonOutput.object().put("k\"ey", nasty));
        assertThat(json).doesNotContain("\n").contains("\\u0000", "\\u0007", "\\u2028", "\\\"", "\\\\");
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Json.parse(json);
        assertThat(back).containsEntry("k\"ey", nasty);
    }

    @Test
    void numbers_ignoreTheDefaultLocale_roundAndDropTrailingZeros() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            var a = JsonOutput.array().add(JsonOutput.number(0.5, 6)).add(JsonOutput.number(1.0 / 3, 4))
                    .add(JsonOutput.number(2.0, 3)).add(JsonOutput.number(1e-9, 6))
                    .add(JsonOutput.number(-0.0004, 3)).add(JsonOutput.number(1234567.125, 2))
                    .add(JsonOutput.number(Double.NaN, 2)).add(7L).add(JsonOutput.number(1200, 2));
            assertThat(JsonOutput.write(a)).isEqualTo("[0.5,0.3333,2,0,0,1234567.13,null,7,1200]");
            assertThat(JsonOutput.text(1e-7, 8)).isEqualTo("0.0000001");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void nesting_keepsInsertionOrder_andWritesNulls() {
        ObjectNode o = JsonOutput.object();
        o.putArray("a").add(JsonOutput.array().add(1).add(2)).addNull();
        o.put("b", true);
        o.putObject("c");
        o.put("d", (String) null);
        assertThat(JsonOutput.write(o)).isEqualTo("{\"a\":[[1,2],null],\"b\":true,\"c\":{},\"d\":null}");
    }

    @Test
    void csv_quotesFieldsThatNeedIt() {
        assertThat(Csv.row(java.util.Arrays.asList("a", "b,c", "say \"hi\"", null, "x\ny")))
                .isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"");
    }
}
