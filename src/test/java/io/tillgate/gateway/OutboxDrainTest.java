package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import io.tillgate.fulfil.OutboxDrain;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox an earlier version left: published at start-up, oldest first, and deleted; a row published before
 * whose delete was lost goes out again and the broker drops the copy.
 */
class OutboxDrainTest extends GatewayTest {
    @Autowired
    OutboxDrain drain;
    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void eventsLeftInTheOutboxArePublishedInOrderOnceAndDeleted() throws Exception {
        String txn = unique("T"), first = UUID.randomUUID().toString(), second = UUID.randomUUID().toString();
        try (JMSContext context = connectionFactory.createContext()) {
            JMSConsumer events = context.createSharedDurableConsumer(context.createTopic("tillgate.effects"),
                    "drain-" + txn, "transactionId = '" + txn + "'");
            leftInOutbox(first, txn, "session.closed", "closed");
            leftInOutbox(second, txn, "session.cancelled", "cancelled");

            drain.afterSingletonsInstantiated();

            assertThat(jdbc.sql("SELECT COUNT(*) FROM effect_outbox").query(Long.class).single()).isZero();
            JsonNode closed = body(events.receive(10_000));
            assertThat(closed.get("eventId").asText()).isEqualTo(first);
            assertThat(closed.get("eventType").asText()).isEqualTo("session.closed");
            assertThat(closed.get("customerSessionId").asText()).isEqualTo("store-1:" + txn);
            assertThat(closed.at("/effects/0/props/value").decimalValue()).isEqualByComparingTo("20.00");
            assertThat(body(events.receive(10_000)).get("eventId").asText()).isEqualTo(second);

            leftInOutbox(first, txn, "session.closed", "closed"); // published, but its delete never committed
            drain.afterSingletonsInstantiated();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM effect_outbox").query(Long.class).single()).isZero();
            assertThat(events.receive(1_000)).as("the broker dropped the copy").isNull();
            events.close();
            context.unsubscribe("drain-" + txn);
        }
    }

    private void leftInOutbox(String eventId, String txn, String type, String state) {
        jdbc.sql("""
                        INSERT INTO effect_outbox (event_id, event_type, occurred_at, store_id, transaction_id, session_id,
                                                   profile_id, state, effects)
                        VALUES (?, ?, ?, 'store-1', ?, ?, 'ExampleUser', ?, ?)""")
                .params(eventId, type, OffsetDateTime.parse("2026-11-30T10:00:00Z"), txn, "store-1:" + txn, state,
                        "[{\"campaignId\":7,\"rulesetId\":7,\"ruleIndex\":0,\"ruleName\":\"twenty\",\"effectType\":\"setDiscount\","
                                + "\"props\":{\"name\":\"twenty\",\"value\":20.00}}]")
                .update();
    }

    private static JsonNode body(Message m) throws Exception {
        assertThat(m).isNotNull();
        return Json.parse(m.getBody(String.class));
    }
}
