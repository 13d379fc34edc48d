package io.tillgate.engine.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of tillgate's own payloads. Decimals are read as {@link java.math.BigDecimal}
 * so that no amount ever passes through a double.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .addModule(new JavaTimeModule())
            .build();

    private Json() {
    }

    public static JsonNode parse(byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    /**
     * Parses a body that must be UTF-8 (RFC 8259), without a byte order mark. Jackson alone would detect
     * UTF-16 and UTF-32, skip a BOM and replace malformed bytes; a gateway that accepted such a body would
     * hand the next reader (the worker, a consumer of its message) bytes it may not read the same way.
     */
    public static JsonNode parseUtf8(byte[] body) throws IOException {
        return MAPPER.readTree(utf8(body));
    }

    /** The text of a body that must be UTF-8 without a byte order mark; see {@link #parseUtf8}. */
    public static String utf8(byte[] body) throws NotUtf8Exception {
        if (body.length >= 2 && ((body[0] & 0xFF) >= 0xFE || body[0] == (byte) 0xEF && body[1] == (byte) 0xBB)) {
            throw new NotUtf8Exception("the body starts with a byte order mark; send UTF-8 without one");
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                throw new NotUtf8Exception("the body is UTF-16 or UTF-32; send UTF-8");
            }
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new NotUtf8Exception("the body is not valid UTF-8 (byte " + firstMalformedByte(body) + ")");
        }
    }

    /** The offset of the first byte that does not decode, counted from 0. */
    private static int firstMalformedByte(byte[] body) {
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        var in = java.nio.ByteBuffer.wrap(body);
        var out = java.nio.CharBuffer.allocate(body.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    /** A body in another encoding than UTF-8; the message says which problem. */
    public static final class NotUtf8Exception extends IOException {
        public NotUtf8Exception(String message) {
            super(message);
        }
    }

    public static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes with the declared type, so that polymorphic elements of a collection keep their type ids. */
    public static <T> String write(T value, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return MAPPER.writerFor(type).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
