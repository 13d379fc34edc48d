package io.tillgate.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.api.ApiRefusal;
import io.tillgate.engine.sql.Timestamps;
import io.tillgate.gateway.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pool that keeps simulations off the request threads, with the gateway's own history, store and engine: a
 * simulation longer than the POST waits is answered 202 and shows how far it is until it is done; one runs, one
 * waits, the next is refused. Here the POST does not wait, and a simulation rests 9 times as long as each sale took.
 */
class SimulationPoolTest extends GatewayTest {
    private static final String MANAGEMENT = "ManagementKey-v1 demo-management-key";
    private static final String TEN_PERCENT = """
            {"name": "10% and 10 points", "rules": [{"title": "10% off", "condition": "true",
              "effects": [{"type": "setDiscountPerItem", "name": "10% off", "items": "true", "value": "item.price * 0.1"},
                          {"type": "addLoyaltyPoints", "programId": 1, "name": "10 a sale", "value": "10.0"}]}]}""";
    @Autowired
    SaleHistory history;
    @Autowired
    Simulator simulator;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    Applications applications;
    @Autowired
    JdbcClient db;

    @Test
    void aLongSimulationAnswers202AndShowsItsProgressUntilDoneWhileThePoolStaysBounded() throws InterruptedException {
        String store = "pool-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.parse("2025-09-01T10:00:00Z");
        for (int i = 0; i < 201; i++) { // two pages: 201 sales of one 10.00 unit, a second apart
            sale(store, "T-" + i, start.plusSeconds(i));
        }
        SimulationProperties properties = new SimulationProperties(Duration.ofDays(93), 1, 1, 0.1, Duration.ZERO, 50,
                Duration.ofMinutes(10));
        Simulations pool = new Simulations(history, simulator, properties, transactions, Clock.systemUTC());
        SimulationApi api = new SimulationApi(applications, pool, properties);
        String body = "{\"campaign\": " + TEN_PERCENT
                + ", \"from\": \"2025-09-01\", \"to\": \"2025-09-01\", \"stores\": [\"" + store + "\"]}";
        try {
            ResponseEntity<JsonNode> first = api.start(1, MANAGEMENT, "application/json", body);
            ResponseEntity<JsonNode> second = api.start(1, MANAGEMENT, "application/json", body);

            assertThat(first.getStatusCode().value()).isEqualTo(202);
            assertThat(first.getBody().get("state").asText()).isEqualTo("running");
            assertThat(first.getBody().has("discountTotal")).isFalse();
            assertThat(second.getStatusCode().value()).isEqualTo(202); // waits in the queue
            assertThatThrownBy(() -> api.start(1, MANAGEMENT, "application/json", body))
                    .isInstanceOf(ApiRefusal.class).hasMessageContaining("tillgate.simulations.threads");
            String queued = second.getBody().get("id").asText();
            assertThat(api.cancel(1, queued, MANAGEMENT).getStatusCode().value()).isEqualTo(202); // while it waits
            String id = first.getBody().get("id").asText();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> api.get(1, id, MANAGEMENT).getBody()
                    .get("progress").get("sessionsScanned").asInt() > 0);
            JsonNode halfway = api.get(1, id, MANAGEMENT).getBody();
            assertThat(halfway.get("state").asText()).isEqualTo("running");
            assertThat(halfway.get("progress").get("sessionsScanned").asInt()).isBetween(1, 200);
            assertThat(halfway.get("progress").get("sessionsTotal").asInt()).isGreaterThanOrEqualTo(201);
            assertThatThrownBy(() -> api.report(1, id, MANAGEMENT)).hasMessageContaining("is running");

            await().atMost(Duration.ofSeconds(90)).until(() -> api.get(1, id, MANAGEMENT).getBody().get("state").asText().equals("done"));
            JsonNode done = api.get(1, id, MANAGEMENT).getBody();
            assertThat(done.get("transactions") + " " + done.get("sessionsTriggered") + " " + done.get("discountTotal") + " "
                    + done.get("pointsTotal")).isEqualTo("201 201 201.00 2010.00");
            assertThat(done.get("progress").get("sessionsScanned").asInt()).isEqualTo(done.get("progress").get("sessionsTotal").asInt());

            // the second, cancelled while it waited, ended as it started
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get(1, queued, MANAGEMENT).getBody().get("state").asText().equals("failed"));
            assertThat(api.get(1, queued, MANAGEMENT).getBody().get("failure").asText()).isEqualTo("cancelled");
            assertThat(api.get(1, queued, MANAGEMENT).getBody().get("progress").get("sessionsScanned").asInt()).isZero();
        } finally {
            pool.stop();
        }
    }

    /** A closed sale as the worker leaves it: its session, closed at its time, and its stored original. */
    private void sale(String store, String transaction, Instant at) {
        String session = store + ":" + transaction;
        db.sql("""
                        INSERT INTO engine_session (application_id, integration_id, profile_id, state, cart, coupon_codes,
                                                    attributes, effects, ledger, first_session, created, updated, closed_at)
                        VALUES (1, ?, NULL, 'closed', '[]', '[]', '{}', '[]', '[]', TRUE, ?, ?, ?)""")
                .params(session, Timestamps.utc(at), Timestamps.utc(at), Timestamps.utc(at)).update();
        db.sql("""
                        INSERT INTO pos_transaction (store_id, transaction_id, session_id, session_state, modified_time,
                                                     fingerprint, original, cart, updated_at)
                        VALUES (?, ?, ?, 'closed', ?, ?, '{"payments": [{"user_id": "pool-customer"}]}', ?, ?)""")
                .params(store, transaction, session, Timestamps.utc(at), "a".repeat(64),
                        "[{\"position\":0,\"lineId\":\"1\",\"sku\":\"pool-item\",\"price\":10.00,\"quantity\":1,"
                                + "\"returnedQuantity\":0}]", Timestamps.utc(at))
                .update();
    }
}
