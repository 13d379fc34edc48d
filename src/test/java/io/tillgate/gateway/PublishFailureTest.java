package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker that refuses the worker's transaction (the effects address is full): the work that committed in the
 * database waits, health says so, and once the broker takes messages again the events go out, each once.
 */
class PublishFailureTest extends GatewayTest {
    @Autowired
    EmbeddedActiveMQ broker;
    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void aBrokerThatRefusesTheEffectsTurnsHealthDownAndTheEventsGoOutOnceWhenItTakesThemAgain() throws Exception {
        String first = unique("T"), second = unique("T");
        try (JMSContext context = connectionFactory.createContext()) {
            JMSConsumer events = context.createSharedDurableConsumer(context.createTopic("tillgate.effects"),
                    "store-failure", "transactionId IN ('" + first + "', '" + second + "')");
            assertThat(client.send(envelope("store-1", unique("r"), seed003Purchase(first))).status()).isEqualTo(200);
            awaitOutcomes("store-1", first, 1); // its event waits in the subscription: the address is not empty
            var settings = broker.getActiveMQServer().getAddressSettingsRepository();
            settings.addMatch("tillgate.effects", new AddressSettings().setMaxSizeBytes(1)
                    .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL));
            try {
                assertThat(client.send(envelope("store-1", unique("r"), seed003Purchase(second))).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/actuator/health", GatewayClient.VIEWER)
                        .json().at("/components/effectsPublishing/status").asText().equals("DOWN"));
                GatewayClient.Reply health = client.get("/actuator/health", GatewayClient.VIEWER);
                assertThat(health.status()).isEqualTo(503);
                JsonNode publishing = health.json().at("/components/effectsPublishing");
                assertThat(publishing.at("/details/attempts").asInt()).isGreaterThanOrEqualTo(2);
                assertThat(publishing.at("/details/error").asText()).containsIgnoringCase("full");
                assertThat(client.get("/actuator/health", null).json().get("status").asText()).isEqualTo("DOWN");
                // the work committed before the broker refused: the transaction shows it
                assertThat(awaitOutcomes("store-1", second, 1).at("/session/state").asText()).isEqualTo("closed");
            } finally {
                settings.removeMatch("tillgate.effects");
            }
            await().atMost(Duration.ofSeconds(40)).until(() -> client.get("/actuator/health", GatewayClient.VIEWER)
                    .json().at("/components/effectsPublishing/status").asText().equals("UP"));
            assertThat(transactionIdOf(events.receive(10_000))).isEqualTo(first);
            assertThat(transactionIdOf(events.receive(10_000))).isEqualTo(second);
            assertThat(events.receive(500)).as("each event once").isNull();
            events.close();
            context.unsubscribe("store-failure");
        }
    }

    private static String transactionIdOf(Message m) throws Exception {
        assertThat(m).isNotNull();
        return Json.parse(m.getBody(String.class)).get("transactionId").asText();
    }
}
