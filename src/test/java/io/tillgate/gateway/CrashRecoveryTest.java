package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003FullRefund;
import static io.tillgate.PosFixtures.seed003PartialRefund;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway as a separate process, killed with {@code kill -9} three times while a till streams
 * purchases, partial refunds and voids at it, and started again each time. Afterwards every request that
 * was answered 200 has been applied exactly once, every session is in the state its last transaction
 * implies, the budget counter equals the discounts the sessions hold, and every event was published once.
 */
class CrashRecoveryTest {
    private static final int TRANSACTIONS = 60;
    private final Path dataDir = Path.of("target/test-data/crash-" + UUID.randomUUID()).toAbsolutePath();
    private final int port = FreePorts.next();
    private final int brokerPort = FreePorts.next();

    private Process start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.tillgate.TillgateApplication", "--server.port=" + port, "--tillgate.data-dir=" + dataDir,
                "--tillgate.broker.tcp.port=" + brokerPort, "--tillgate.broker.redelivery-delay=50ms",
                "--tillgate.broker.max-redelivery-delay=200ms", "--spring.jmx.enabled=false", "--logging.level.root=WARN")
                .redirectErrorStream(true).redirectOutput(new File(dataDir + ".log"));
        Process process = builder.start();
        GatewayClient probe = new GatewayClient(port);
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (probe.get("/actuator/health", null).status() == 200) {
                    return process;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            assertThat(process.isAlive()).as("gateway process alive (log: " + dataDir + ".log)").isTrue();
            Thread.sleep(250);
        }
        throw new AssertionError("the gateway did not start within 90 s");
    }

    /** What the till sends: purchase, then for some a partial refund, for some a void. */
    private static List<ObjectNode> script() {
        List<ObjectNode> requests = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            String txn = "CR-" + i;
            ObjectNode purchase = seed003Purchase(txn);
            ((ObjectNode) purchase.get("payments").get(0)).put("user_id", "crash-" + i);
            ((com.fasterxml.jackson.databind.node.ArrayNode) purchase.get("discounts")).addObject().put("reference_id", "CRASH-" + (i % 3));
            requests.add(envelope("store-1", "buy-" + i, purchase));
            if (i % 3 == 1) {
                ObjectNode refund = seed003PartialRefund(txn);
                ((ObjectNode) refund.get("payments").get(0)).put("user_id", "crash-" + i);
                refund.putArray("discounts").addObject().put("reference_id", "CRASH-" + (i % 3));
                requests.add(envelope("store-1", "refund-" + i, refund));
            }
            if (i % 3 == 2) {
                ObjectNode voided = seed003FullRefund(txn);
                ((ObjectNode) voided.get("payments").get(0)).put("user_id", "crash-" + i);
                ((com.fasterxml.jackson.databind.node.ArrayNode) voided.get("discounts")).addObject().put("reference_id", "CRASH-" + (i % 3));
                requests.add(envelope("store-1", "void-" + i, voided));
            }
        }
        return requests;
    }

    @Test
    void killedThreeTimesMidStreamEveryAcceptedTransactionIsAppliedOnceAndEveryEventPublished() throws Exception {
        java.nio.file.Files.createDirectories(dataDir);
        Process gateway = start();
        EngineClient engine = new EngineClient(port);
        // Coupons CRASH-0..2 of a campaign with a discount budget: 5.00 off each closed sale.
        engine.campaign(1, 9001, SessionApiTest.json("""
                name: crash budget
                coupons: [CRASH-0, CRASH-1, CRASH-2]
                couponSettings: {usageLimit: 0}
                couponRequired: true
                limits: [{action: setDiscount, limit: 100000}]
                rules:
                  - title: five off
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """));
        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort, "effects-reader", "demo-secret");
        try (Connection c = broker.createConnection()) {
            c.setClientID("crash-test");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableSubscriber(s.createTopic("tillgate.effects"), "crash-test").close();
        }

        List<ObjectNode> requests = script();
        Map<String, String> accepted = new ConcurrentHashMap<>(); // request_id → job_id
        AtomicBoolean done = new AtomicBoolean();
        int[] next = {0};
        Thread till = new Thread(() -> {
            while (next[0] < requests.size()) {
                ObjectNode request = requests.get(next[0]);
                try {
                    GatewayClient.Reply reply = new GatewayClient(port).send(request);
                    if (reply.status() == 200) {
                        accepted.put(request.get("request_id").asText(), reply.json().at("/payload/job_id").asText());
                        next[0]++;
                    }
                } catch (RuntimeException down) {
                    // the gateway is down: the till retries the same request (same request_id) until it is accepted
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            done.set(true);
        });
        till.start();
        for (int kill = 1; kill <= 3; kill++) {
            int target = requests.size() * kill / 4;
            Instant deadline = Instant.now().plusSeconds(60);
            while (next[0] < target && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            gateway.destroyForcibly().waitFor(); // SIGKILL
            gateway = start();
        }
        till.join(120_000);
        assertThat(done.get()).as("the till got every request accepted").isTrue();

        Map<String, JsonNode> events = new HashMap<>();
        int received = 0;
        try {
            awaitQuiet();
            try (Connection c = broker.createConnection()) {
                c.setClientID("crash-test");
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = s.createDurableSubscriber(s.createTopic("tillgate.effects"), "crash-test");
                for (Message m = consumer.receive(5_000); m != null; m = consumer.receive(2_000)) {
                    JsonNode event = Json.parse(m.getBody(String.class));
                    events.put(event.get("eventId").asText(), event);
                    received++;
                }
            }
        } finally {
            gateway.destroy(); // a graceful stop now, so that the test can open the database files
            gateway.waitFor();
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dataDir + "/db/tillgate");
        h2.setUser("sa");
        JdbcClient db = JdbcClient.create(h2);

        // Every accepted request applied exactly once.
        Map<String, Integer> outcomes = new HashMap<>();
        db.sql("SELECT request_id, COUNT(*) FROM pos_outcome GROUP BY request_id")
                .query((rs, n) -> outcomes.put(rs.getString(1), rs.getInt(2))).list();
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(accepted.keySet());
        assertThat(outcomes.values()).allMatch(count -> count == 1);
        // Every session in the state its last transaction implies.
        for (int i = 0; i < TRANSACTIONS; i++) {
            String state = db.sql("SELECT state FROM engine_session WHERE integration_id = ?").param("store-1:CR-" + i).query(String.class).single();
            assertThat(state).as("CR-" + i).isEqualTo(i % 3 == 0 ? "closed" : i % 3 == 1 ? "partially_returned" : "cancelled");
        }
        // Every event published (one per accepted request here), and once: the events of work that committed
        // before a kill went out when its requests came again, and never twice.
        assertThat(events).hasSize(accepted.size());
        assertThat(received).isEqualTo(events.size());
        // The budget counter equals the discounts the sessions still hold: granted minus rolled back.
        BigDecimal held = BigDecimal.ZERO;
        for (JsonNode event : events.values()) {
            for (JsonNode effect : event.get("effects")) {
                if (effect.get("campaignId").asLong() == 9001) {
                    String type = effect.get("effectType").asText();
                    BigDecimal value = effect.at("/props/value").decimalValue();
                    held = type.equals("setDiscount") ? held.add(value) : type.equals("rollbackDiscount") ? held.subtract(value) : held;
                }
            }
        }
        BigDecimal counter = db.sql("SELECT counter FROM engine_budget WHERE campaign_id = 9001 AND action = 'setDiscount' AND entity_key = ''")
                .query(BigDecimal.class).single();
        assertThat(counter).isEqualByComparingTo(held);
        // 5.00 for each sale still closed or partly returned (a partial refund keeps the share of the kept line).
        assertThat(held).isGreaterThan(BigDecimal.ZERO);
    }

    /** Waits until every transaction shows all its outcomes (their events are published as they commit). */
    private void awaitQuiet() throws Exception {
        GatewayClient client = new GatewayClient(port);
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            boolean complete = true;
            for (int i = 0; i < TRANSACTIONS && complete; i++) {
                GatewayClient.Reply view = client.get("/api/2.0/transactions/store-1/CR-" + i, GatewayClient.DEMO);
                complete = view.status() == 200 && view.json().get("outcomes").size() == (i % 3 == 0 ? 1 : 2);
            }
            if (complete) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the gateway did not process everything within 120 s");
    }
}
