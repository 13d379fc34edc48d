package io.tillgate.json;

import io.tillgate.engine.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    private static final String BODY = "{\"name\":\"café\"}";

    @Test
    void utf8IsRead() throws Exception {
        assertThat(Json.parseUtf8(BODY.getBytes(StandardCharsets.UTF_8)).get("name").asText()).isEqualTo("café");
    }

    @Test
    void aByteOrderMarkIsRefused() {
        byte[] utf8 = BODY.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        assertThatThrownBy(() -> Json.parseUtf8(withBom)).isInstanceOf(Json.NotUtf8Exception.class)
                .hasMessage("the body starts with a byte order mark; send UTF-8 without one");
        assertThatThrownBy(() -> Json.parseUtf8(BODY.getBytes(StandardCharsets.UTF_16)))
                .isInstanceOf(Json.NotUtf8Exception.class)
                .hasMessage("the body starts with a byte order mark; send UTF-8 without one");
    }

    @Test
    void utf16And32WithoutAMarkAreRefused() {
        for (String charset : new String[]{"UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"}) {
            assertThatThrownBy(() -> Json.parseUtf8(BODY.getBytes(Charset.forName(charset))))
                    .as(charset).isInstanceOf(Json.NotUtf8Exception.class)
                    .hasMessage("the body is UTF-16 or UTF-32; send UTF-8");
        }
    }

    @Test
    void malformedUtf8IsRefusedNamingTheByte() {
        byte[] latin1 = BODY.getBytes(StandardCharsets.ISO_8859_1); // é is one byte 0xE9 here, at offset 12
        assertThatThrownBy(() -> Json.parseUtf8(latin1)).isInstanceOf(Json.NotUtf8Exception.class)
                .hasMessage("the body is not valid UTF-8 (byte 12)");
    }
}
