package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import java.time.Duration;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterTest extends GatewayTest {
    private static final String DLQ = "tillgate.transactions.DLQ";
    @Autowired
    JmsTemplate jms;

    private Message awaitDeadLetter(String jobId) {
        jms.setReceiveTimeout(500);
        Message[] found = new Message[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            found[0] = jms.receiveSelected(DLQ, "tillgateJobId = '" + jobId + "'");
            return found[0] != null;
        });
        return found[0];
    }

    @Test
    void aMessageThatCanNeverBeProcessedGoesToTheDeadLetterQueueAtOnceWithItsReason() throws Exception {
        String jobId = UUID.randomUUID().toString();
        jms.convertAndSend("tillgate.transactions", "this is not JSON", m -> {
            m.setStringProperty("tillgateJobId", jobId);
            return m;
        });
        Message dead = awaitDeadLetter(jobId);
        assertThat(dead.getStringProperty("tillgateFailureReason"))
                .startsWith("io.tillgate.worker.PoisonMessageException: the message body is not JSON");
        assertThat(dead.getStringProperty("tillgateAttempts")).isEqualTo("1");
        assertThat(dead.getBody(String.class)).isEqualTo("this is not JSON");
    }

    @Test
    void aMessageWithAPropertyJmsCannotCarryIsDeadLetteredAtOnceAndTheQueueGoesOn() throws Exception {
        String jobId = UUID.randomUUID().toString();
        // the core protocol (as STOMP and AMQP) allows a property name such as "x-y"; JMS does not
        try (org.apache.activemq.artemis.api.core.client.ServerLocator locator =
                     org.apache.activemq.artemis.api.core.client.ActiveMQClient.createServerLocator("tcp://localhost:" + BROKER_PORT);
             org.apache.activemq.artemis.api.core.client.ClientSessionFactory factory = locator.createSessionFactory();
             org.apache.activemq.artemis.api.core.client.ClientSession session =
                     factory.createSession("gateway", "gateway-secret", false, true, true, false, 0);
             org.apache.activemq.artemis.api.core.client.ClientProducer producer = session.createProducer("tillgate.transactions")) {
            org.apache.activemq.artemis.api.core.client.ClientMessage message =
                    session.createMessage(org.apache.activemq.artemis.api.core.Message.TEXT_TYPE, true);
            message.getBodyBuffer().writeNullableSimpleString(org.apache.activemq.artemis.api.core.SimpleString.of("not JSON"));
            message.putStringProperty("x-y", "1");
            message.putStringProperty("tillgateJobId", jobId);
            producer.send(message);
        }
        Message dead = awaitDeadLetter(jobId);
        assertThat(dead.getStringProperty("tillgateAttempts")).isEqualTo("1");
        assertThat(dead.getStringProperty("tillgateDroppedProperties")).isEqualTo("x-y");
        assertThat(dead.getStringProperty("tillgateFailureReason")).contains("the message body is not JSON");
        String txn = unique("T");
        assertThat(client.send(envelope("store-1", unique("r"), seed003Purchase(txn))).status()).isEqualTo(200);
        awaitOutcomes("store-1", txn, 1); // the worker goes on
    }

    @Test
    void aMessageThatFailsEveryAttemptIsRetriedFiveTimesThenDeadLetteredAndShownInHealthAndMetrics() throws Exception {
        String txn = unique("T");
        corruptStoredOriginal(txn);
        GatewayClient.Reply accepted = client.send(envelope("store-1", unique("r"), seed003Purchase(txn)));
        assertThat(accepted.status()).isEqualTo(200);
        String jobId = accepted.json().at("/payload/job_id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                client.get("/actuator/health", GatewayClient.VIEWER).json().at("/components/transactionQueue/details/deadLetters").asLong() >= 1);
        String metrics = client.get("/actuator/prometheus", GatewayClient.VIEWER).body();
        assertThat(metrics).containsPattern("tillgate_queue_messages\\{.*queue=\"tillgate.transactions.DLQ\".*} [1-9]");

        Message dead = awaitDeadLetter(jobId);
        assertThat(dead.getStringProperty("tillgateAttempts")).isEqualTo("5");
        assertThat(dead.getStringProperty("tillgateFailureReason")).contains("UncheckedIOException");
        assertThat(dead.getStringProperty("JMSXGroupID")).isEqualTo("store-1:" + txn);
        assertThat(outcomeCount("store-1", txn)).isZero();
        JsonNode health = client.get("/actuator/health", GatewayClient.VIEWER).json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
    }

    @Test
    void anOperatorSeesADeadLetterWithItsReasonAndReplaysItOnceTheCauseIsFixed() {
        String txn = unique("T");
        corruptStoredOriginal(txn);
        String jobId = client.send(envelope("store-1", unique("r"), seed003Purchase(txn))).json().at("/payload/job_id").asText();
        JsonNode[] listed = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode m : client.get("/actuator/deadletters", GatewayClient.VIEWER).json().get("messages")) {
                if (m.get("jobId").asText().equals(jobId)) {
                    listed[0] = m;
                    return true;
                }
            }
            return false;
        });
        assertThat(listed[0].get("attempts").asText()).isEqualTo("5");
        assertThat(listed[0].get("reason").asText()).contains("corrupt");
        assertThat(listed[0].get("group").asText()).isEqualTo("store-1:" + txn);

        jdbc.sql("DELETE FROM pos_transaction WHERE store_id = 'store-1' AND transaction_id = ?").param(txn).update();
        GatewayClient.Reply replay = client.post("/actuator/deadletters", GatewayClient.OPERATOR, "application/json", "{\"jobId\": \"" + jobId + "\"}");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("replayed").asInt()).isEqualTo(1);
        JsonNode view = awaitOutcomes("store-1", txn, 1);
        assertThat(view.at("/outcomes/0/job_id").asText()).isEqualTo(jobId);
        assertThat(view.at("/outcomes/0/operation").asText()).isEqualTo("CLOSE");
        // The replayed message kept its credential: the worker confirmed the claim, so a repeat is answered
        // from it instead of being queued again.
        assertThat(jdbc.sql("SELECT status FROM pos_request WHERE job_id = ?").param(jobId).query(String.class).single())
                .isEqualTo("ACCEPTED");
    }
}
