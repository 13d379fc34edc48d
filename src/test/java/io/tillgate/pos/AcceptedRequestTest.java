package io.tillgate.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import io.tillgate.json.Fingerprint;
import org.junit.jupiter.api.Test;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The form the door queues and the worker reads: whatever the door accepts comes back exactly. */
class AcceptedRequestTest {
    private final SendTransactionReader door = new SendTransactionReader(ArithmeticPolicy.REJECT);

    private AcceptedRequest accept(String body) throws Exception {
        JsonNode root = Json.parseUtf8(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ValidationResult.Valid valid = (ValidationResult.Valid) door.read(root);
        JsonNode payload = root.get("request_payload");
        return AcceptedRequest.of("demo-pos", valid.request(), valid.warnings(), Fingerprint.of(payload), payload);
    }

    @Test
    void whatTheDoorAcceptedComesBackExactlyEvenWithUnusualTextAndLongNumbersInCustomData() throws Exception {
        ObjectNode request = envelope("store-1", "r-1", seed003Purchase("T-1"));
        String body = request.toString().replace("\"custom_data\":null",
                "\"custom_data\":{\"note\":\"caf\\u00e9 \\ud83d\\ude00 \\u0000\",\"big\":1E+400,\"exact\":0.10,"
                        + "\"long\":1." + "1".repeat(997) + "E-6}");
        AcceptedRequest accepted = accept(body);

        AcceptedRequest back = AcceptedRequest.decode(accepted.encode());

        assertThat(back).isEqualTo(accepted);
        assertThat(back.request().transaction().items().get(0).customData().get("note").textValue())
                .isEqualTo("café \uD83D\uDE00 \u0000");
        // 1,000 characters as sent, 1,005 as the queued form writes it (0.0000011…): still read back
        assertThat(back.request().transaction().items().get(0).customData().get("long").decimalValue())
                .isEqualTo(new java.math.BigDecimal("1." + "1".repeat(997) + "E-6"));
        assertThat(back.request().transaction().items().get(0).customData().get("big").decimalValue())
                .isEqualTo(new java.math.BigDecimal("1E+400"));
        assertThat(back.payload().toString()).isEqualTo(accepted.payload().toString());
        assertThat(Fingerprint.of(back.payload())).isEqualTo(accepted.fingerprint());
    }

    @Test
    void aFormOfAnotherVersionOrWithoutItsPartsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> AcceptedRequest.decode("{\"v\":2}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the message is an accepted request of version 2; this tillgate reads version 1");
        assertThatThrownBy(() -> AcceptedRequest.decode("{\"v\":1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the accepted request lacks its request, payload or fingerprint");
        assertThatThrownBy(() -> AcceptedRequest.decode("null")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the message is not an accepted request: its body is null");
    }
}
