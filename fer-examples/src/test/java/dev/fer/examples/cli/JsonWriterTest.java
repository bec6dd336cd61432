package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.testing.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void strings_areEscaped_andParseBackToTheSameText() {
        String nasty = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 line-sep \u2028 é 😀";
        String json = new JsonWriter().beginObject().name("k\"ey").value(nasty).endObject().toString();
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
            String json = new JsonWriter().beginArray().value(0.5, 6).value(1.0 / 3, 4).value(2.0, 3).value(1e-9, 6)
                    .value(-0.0004, 3).value(1234567.125, 2).value(Double.NaN, 2).value(7L).endArray().toString();
            assertThat(json).isEqualTo("[0.5,0.3333,2,0,0,1234567.13,null,7]");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void nesting_writesCommasAndNulls() {
        String json = new JsonWriter().beginObject().name("a").beginArray().beginArray().value(1L).value(2L).endArray()
                .nullValue().endArray().name("b").value(true).name("c").beginObject().endObject().endObject()
                .toString();
        assertThat(json).isEqualTo("{\"a\":[[1,2],null],\"b\":true,\"c\":{}}");
        assertThat(Json.parse(json)).isInstanceOf(Map.class);
        assertThat(Json.list(Json.parse(json), "a")).hasSize(2).isInstanceOf(List.class);
    }

    @Test
    void misuse_isRejected() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().toString()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().endObject()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void csv_quotesFieldsThatNeedIt() {
        assertThat(Csv.row(java.util.Arrays.asList("a", "b,c", "say \"hi\"", null, "x\ny")))
                .isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"");
    }
}
