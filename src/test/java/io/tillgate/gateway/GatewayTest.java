package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * The whole gateway, as it runs: Tomcat, Camel routes from {@code routes/}, the embedded persistent
 * broker and an H2 file database under {@code target/test-data}. Subclasses share one running instance,
 * so each test uses transaction ids of its own.
 */
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tillgate.pos.clients[0].key=demo-pos",
        "tillgate.pos.clients[0].secret=demo-secret",
        "tillgate.pos.clients[0].stores[0]=*",
        "tillgate.pos.clients[1].key=store-2-till",
        "tillgate.pos.clients[1].secret=s2-secret",
        "tillgate.pos.clients[1].stores[0]=store-2",
        "tillgate.pos.max-body-size=64KB",
        "tillgate.broker.redelivery-delay=50ms",
        "tillgate.broker.max-redelivery-delay=200ms",
        "tillgate.engine.applications[0].id=1",
        "tillgate.engine.applications[0].name=demo",
        "tillgate.engine.applications[0].currency=USD",
        "tillgate.engine.applications[0].api-key=demo-app-key",
        "tillgate.engine.applications[1].id=2",
        "tillgate.engine.applications[1].name=engine-tests",
        "tillgate.engine.applications[1].currency=USD",
        "tillgate.engine.applications[1].api-key=test-app-key",
        "tillgate.engine.applications[1].timezone=America/New_York",
})
@org.springframework.context.annotation.Import(GatewayTest.TestClock.class)
public abstract class GatewayTest {
    private static final String DATA_DIR = java.nio.file.Path.of("target/test-data/gateway-" + UUID.randomUUID()).toAbsolutePath().toString();
    /** The embedded broker's TCP port: a free one, so that a gateway or another build on this machine does not collide. */
    static final int BROKER_PORT = FreePorts.next();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("tillgate.data-dir", () -> DATA_DIR);
        registry.add("tillgate.broker.tcp.port", () -> BROKER_PORT);
    }

    /** The gateway's clock, which tests may move forward (points pending, return windows); system time otherwise. */
    @org.springframework.boot.test.context.TestConfiguration
    static class TestClock {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    MovableClock clock;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    GatewayClient client;

    @BeforeEach
    void client() {
        client = new GatewayClient(port);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A stored original whose cart cannot be read: processing this transaction fails, and would again. */
    void corruptStoredOriginal(String txn) {
        jdbc.sql("""
                        INSERT INTO pos_transaction (store_id, transaction_id, session_id, session_state, modified_time,
                                                     fingerprint, original, cart, updated_at)
                        VALUES ('store-1', ?, ?, 'closed', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00',
                                '0000000000000000000000000000000000000000000000000000000000000000', '{}', 'corrupt', CURRENT_TIMESTAMP)""")
                .params(txn, "store-1:" + txn).update();
    }

    int outcomeCount(String storeId, String transactionId) {
        return jdbc.sql("SELECT COUNT(*) FROM pos_outcome WHERE store_id = ? AND transaction_id = ?")
                .params(storeId, transactionId).query(Integer.class).single();
    }

    /** Waits until the worker recorded {@code count} outcomes for the transaction, then returns its view. */
    JsonNode awaitOutcomes(String storeId, String transactionId, int count) {
        // ignoreExceptions: right after a database outage the pool takes a moment to reconnect
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> outcomeCount(storeId, transactionId) >= count);
        GatewayClient.Reply view = client.get("/api/2.0/transactions/" + storeId + "/" + transactionId, GatewayClient.DEMO);
        return view.json();
    }
}
