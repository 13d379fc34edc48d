package io.tillgate.pos;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * A {@code send_transaction} request as the door accepted it, and as it waits in the queue: the client's
 * credential, the request parsed and checked, what validation warned about, the fingerprint of its
 * {@code request_payload} and the payload itself (the stored original, which the session mapping reads). The
 * worker reads it back as it is, without parsing the HTTP body or validating it again. {@code v} is the form's
 * version: a worker refuses a form it does not know rather than misread it.
 */
public record AcceptedRequest(int v, String credential, SendTransaction request, List<FieldError> warnings,
                              String fingerprint, JsonNode payload) {
    public static final int VERSION = 1;
    /**
     * Reads the queued form. A number the door read within the parser's 1,000 characters may be written a few
     * longer (1.1…1E-6 as 0.0000011…1): the queued form is read with room for that.
     */
    private static final ObjectReader READER;

    static {
        ObjectMapper mapper = Json.MAPPER.copy(); // its own factory, the same modules and features
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNumberLength(2_000).build());
        READER = mapper.readerFor(AcceptedRequest.class);
    }

    public static AcceptedRequest of(String credential, SendTransaction request, List<FieldError> warnings,
                                     String fingerprint, JsonNode payload) {
        return new AcceptedRequest(VERSION, credential, request, warnings, fingerprint, payload);
    }

    /** The queued text: compact JSON, readable in Hawtio and by any consumer of the queue. */
    public String encode() {
        return Json.write(this);
    }

    /**
     * The accepted request in {@code text}; an {@link IllegalArgumentException} says why when the text is not one
     * (another version, a missing part).
     */
    public static AcceptedRequest decode(String text) {
        AcceptedRequest accepted;
        try {
            accepted = READER.readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the message is not an accepted request: " + e.getOriginalMessage(), e);
        }
        if (accepted == null) {
            throw new IllegalArgumentException("the message is not an accepted request: its body is null");
        }
        if (accepted.v() != VERSION) {
            throw new IllegalArgumentException("the message is an accepted request of version " + accepted.v()
                    + "; this tillgate reads version " + VERSION);
        }
        if (accepted.request() == null || accepted.request().transaction() == null || accepted.payload() == null
                || accepted.fingerprint() == null) {
            throw new IllegalArgumentException("the accepted request lacks its request, payload or fingerprint");
        }
        return accepted;
    }
}
