package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded broker's TCP acceptor, as a consumer outside the gateway sees it. */
class BrokerAccessTest extends GatewayTest {
    private static final String URL = "tcp://localhost:" + BROKER_PORT;

    @Test
    void theEffectsReaderKeepsADurableSubscriptionAndGetsWhatWasPublishedWhileItWasAway() throws Exception {
        String txn = unique("T");
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(URL, "effects-reader", "demo-secret");
        String subscription = "away-" + txn;
        try (Connection connection = factory.createConnection()) {
            connection.setClientID(subscription);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("tillgate.effects");
            session.createDurableSubscriber(topic, subscription, "transactionId = '" + txn + "'", false).close();
        }
        assertThat(client.send(envelope("store-1", unique("r"), seed003Purchase(txn))).status()).isEqualTo(200);
        awaitOutcomes("store-1", txn, 1);
        try (Connection connection = factory.createConnection()) {
            connection.setClientID(subscription);
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableSubscriber(session.createTopic("tillgate.effects"), subscription,
                    "transactionId = '" + txn + "'", false);
            Message message = consumer.receive(15_000);
            assertThat(message).isNotNull();
            JsonNode event = Json.parse(message.getBody(String.class));
            assertThat(event.get("eventType").asText()).isEqualTo("session.closed");
            assertThat(message.getStringProperty("customerSessionId")).isEqualTo("store-1:" + txn);
            consumer.close();
            session.unsubscribe(subscription);
        }
    }

    @Test
    void theEffectsReaderMayNotTouchTheTransactionQueue() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(URL, "effects-reader", "demo-secret");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("tillgate.transactions")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createProducer(session.createTopic("tillgate.effects")).send(session.createTextMessage("forged")))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(URL, "effects-reader", "guess");
        assertThatThrownBy(() -> factory.createConnection().close()).isInstanceOf(JMSException.class);
    }
}
