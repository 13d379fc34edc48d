package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A database that answers but fails every statement of the outbox: health says so, and the log is not flooded. */
@ExtendWith(OutputCaptureExtension.class)
class StoreFailureTest extends GatewayTest {

    @Test
    void aFailingOutboxTurnsHealthDownIsLoggedOnceAndRecovers(CapturedOutput output) {
        jdbc.sql("ALTER TABLE effect_outbox RENAME TO effect_outbox_away").update();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    client.get("/actuator/health", GatewayClient.VIEWER).json().at("/components/effectsPublishing/status").asText().equals("DOWN"));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    client.get("/actuator/health", GatewayClient.VIEWER).json().at("/components/effectsPublishing/details/attempts").asInt() >= 4);
            GatewayClient.Reply health = client.get("/actuator/health", GatewayClient.VIEWER);
            assertThat(health.status()).isEqualTo(503);
            JsonNode outbox = health.json().at("/components/effectsPublishing");
            assertThat(outbox.at("/details/error").asText()).containsIgnoringCase("effect_outbox");
            assertThat(client.get("/actuator/health", null).json().get("status").asText()).isEqualTo("DOWN");
            // 4 attempts and more, one stack trace: the first; the next report comes a minute later
            assertThat(output.getOut().split("publishing effects failed", -1)).hasSize(2);
            assertThat(output.getOut()).doesNotContain("publishing effects still fails");
        } finally {
            jdbc.sql("ALTER TABLE effect_outbox_away RENAME TO effect_outbox").update();
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                client.get("/actuator/health", GatewayClient.VIEWER).json().at("/components/effectsPublishing/status").asText().equals("UP"));
        assertThat(output.getOut()).contains("publishing effects works again after");
    }
}
