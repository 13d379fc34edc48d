package io.tillgate.instances;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import io.tillgate.gateway.FreePorts;
import io.tillgate.gateway.GatewayClient;
import io.tillgate.gateway.StompFrames;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003FullRefund;
import static io.tillgate.PosFixtures.seed003PartialRefund;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Two gateway processes from the built jar, one standalone Artemis broker made from the official distribution
 * with the project's {@code deploy/artemis/broker.xml}, one PostgreSQL: what several instances promise, kept
 * proven. Skipped under root, where PostgreSQL will not start ({@code .ci/run} builds as an unprivileged user).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesIT {
    static final Duration CAMPAIGN_REFRESH = Duration.ofSeconds(2);
    private static final Path DIR = Path.of("target/instances/several-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();

    private static EmbeddedPostgres postgres;
    private static StandaloneBroker broker;
    private static GatewayInstance a;
    private static GatewayInstance b;
    private static JdbcClient db;

    @BeforeAll
    static void start() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "PostgreSQL cannot run as root: run the build as an unprivileged user (as .ci/run does)");
        postgres = EmbeddedPostgres.builder().start();
        db = JdbcClient.create(postgres.getPostgresDatabase());
        broker = StandaloneBroker.create(DIR.resolve("broker"), Path.of("deploy/artemis/broker.xml"), FreePorts.next(), Map.of());
        a = gateway("a", broker.url());
        b = gateway("b", broker.url());
        GatewayInstance.startAll(a, b);
    }

    static GatewayInstance gateway(String name, String brokerUrl) {
        return new GatewayInstance(name, FreePorts.next(), DIR.resolve(name),
                GatewayInstance.external(brokerUrl, postgres.getJdbcUrl("postgres", "postgres")), testSettings());
    }

    /** Quick retries and a short campaign refresh, so that both show quickly; the demo application, POS client and keys. */
    static List<String> testSettings() {
        List<String> settings = new java.util.ArrayList<>(GatewayInstance.QUICK_RETRIES);
        settings.add("--tillgate.engine.campaign-refresh=" + CAMPAIGN_REFRESH.toSeconds() + "s");
        settings.add("--spring.jmx.enabled=false");
        return settings;
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.closeAll(a, b, broker, postgres);
    }

    // --- order and idempotency across instances ---

    @Test
    @Order(1)
    void aPurchaseAtOneInstanceAndItsRefundAndVoidAtTheOtherAreAppliedInOrder() throws Exception {
        String txn = "ORDER-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(a.client().send(envelope("store-1", txn + "-buy", seed003Purchase(txn))).status()).isEqualTo(200);
        assertThat(b.client().send(envelope("store-1", txn + "-refund", seed003PartialRefund(txn))).status()).isEqualTo(200);
        assertThat(b.client().send(envelope("store-1", txn + "-void", seed003FullRefund(txn))).status()).isEqualTo(200);

        JsonNode view = awaitOutcomes(a.client(), txn, 3);
        assertThat(view.at("/session/state").asText()).isEqualTo("cancelled");
        List<String> operations = new ArrayList<>();
        view.get("outcomes").forEach(o -> operations.add(o.get("request_id").asText() + " " + o.get("operation").asText()));
        assertThat(operations).containsExactly(txn + "-buy CLOSE", txn + "-refund RETURN", txn + "-void CANCEL");
    }

    @Test
    @Order(2)
    void theSameRequestAtBothInstancesAtOnceIsOneJob() throws Exception {
        String txn = "TWICE-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode request = envelope("store-1", txn + "-buy", seed003Purchase(txn));
        long queued = broker.messagesAdded("tillgate.transactions");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<GatewayClient.Reply> atA = pool.submit(() -> {
            go.await();
            return a.client().send(request);
        });
        Future<GatewayClient.Reply> atB = pool.submit(() -> {
            go.await();
            return b.client().send(request);
        });
        go.countDown();
        GatewayClient.Reply first = atA.get(30, TimeUnit.SECONDS);
        GatewayClient.Reply second = atB.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().at("/payload/job_id").asText()).isEqualTo(first.json().at("/payload/job_id").asText());

        // The door that finds the request claimed may queue its job again (a claim whose job never reached the
        // queue must not be lost); the worker does a job once, however often it is queued.
        assertThat(broker.messagesAdded("tillgate.transactions") - queued).as("messages queued").isBetween(1L, 2L);
        awaitOutcomes(b.client(), txn, 1);
        Instant deadline = Instant.now().plusSeconds(30);
        while (broker.messageCount("tillgate.transactions") > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(broker.messageCount("tillgate.transactions")).as("every message of the job consumed").isZero();
        assertThat(db.sql("SELECT COUNT(*) FROM pos_outcome WHERE request_id = ?").param(txn + "-buy").query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    @Order(3)
    void anEffectsConsumerOverStompGetsTheEventsOfEitherInstance() throws Exception {
        String txn = "STOMP-" + UUID.randomUUID().toString().substring(0, 8);
        try (java.net.Socket stomp = new java.net.Socket("127.0.0.1", broker.port())) {
            stomp.setSoTimeout(30_000);
            StompFrames.send(stomp.getOutputStream(), "CONNECT\naccept-version:1.2\nhost:localhost\nlogin:" + StandaloneBroker.READER
                    + "\npasscode:" + StandaloneBroker.READER_PASSWORD + "\n\n");
            assertThat(StompFrames.frame(stomp.getInputStream())).startsWith("CONNECTED");
            StompFrames.send(stomp.getOutputStream(), "SUBSCRIBE\nid:1\ndestination:tillgate.effects\nsubscription-type:MULTICAST\n"
                    + "selector:transactionId LIKE '" + txn + "%'\nreceipt:subscribed\n\n");
            assertThat(StompFrames.frame(stomp.getInputStream())).startsWith("RECEIPT\nreceipt-id:subscribed");

            assertThat(a.client().send(envelope("store-1", txn + "-a", seed003Purchase(txn + "-a"))).status()).isEqualTo(200);
            assertThat(b.client().send(envelope("store-1", txn + "-b", seed003Purchase(txn + "-b"))).status()).isEqualTo(200);
            List<String> closed = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String message = StompFrames.frame(stomp.getInputStream());
                assertThat(message).startsWith("MESSAGE");
                JsonNode event = Json.parse(message.substring(message.indexOf("\n\n") + 2));
                closed.add(event.get("transactionId").asText() + " " + event.get("eventType").asText());
            }
            assertThat(closed).containsExactlyInAnyOrder(txn + "-a session.closed", txn + "-b session.closed");
        }
    }

    // --- limits held across instances ---

    @Test
    @Order(4)
    void twoHundredClosesSplitAcrossInstancesAgainstABudgetForFiftyGrantExactlyFifty() throws Exception {
        long id = 7001;
        campaign(a, id, """
                {"name": "budget across instances", "appliesTo": {"skus": ["RACE-7001"]},
                 "limits": [{"action": "setDiscount", "limit": 500}],
                 "rules": [{"title": "ten off", "effects": [{"type": "setDiscount", "name": "ten off", "value": "10.0"}]}]}""");
        awaitCampaignAt(b, id);
        List<JsonNode> closed = closeAtOnce(200, "budget-7001", """
                {"customerSession": {"state": "closed", "cartItems": [{"sku": "RACE-7001", "quantity": 1, "price": 30}]}}""");
        assertThat(closed.stream().filter(s -> discounts(s).contains("setDiscount 10.00")).count()).isEqualTo(50);
        assertThat(closed.stream().filter(s -> discounts(s).isEmpty()).count()).isEqualTo(150);
        assertThat(db.sql("SELECT counter FROM engine_budget WHERE campaign_id = ? AND action = 'setDiscount'")
                .param(id).query(BigDecimal.class).single()).isEqualByComparingTo("500.00");
    }

    @Test
    @Order(5)
    void oneSingleUseCouponRacedFromBothInstancesIsRedeemedOnce() throws Exception {
        long id = 7002;
        campaign(a, id, """
                {"name": "coupon across instances", "couponRequired": true, "couponSettings": {"usageLimit": 1},
                 "coupons": ["ONCE-7002"],
                 "rules": [{"title": "five off", "effects": [{"type": "setDiscount", "name": "five off", "value": "5.0"}]}]}""");
        awaitCampaignAt(b, id);
        List<JsonNode> closed = closeAtOnce(20, "coupon-7002", """
                {"customerSession": {"state": "closed", "couponCodes": ["ONCE-7002"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30}]}}""");
        assertThat(closed.stream().filter(s -> discounts(s).contains("acceptCoupon ONCE-7002")).count()).isEqualTo(1);
        assertThat(closed.stream().filter(s -> discounts(s).contains("setDiscount 5.00")).count()).isEqualTo(1);
        assertThat(closed.stream().filter(s -> s.toString().contains("CouponLimitReached")).count()).isEqualTo(19);
        assertThat(db.sql("SELECT usage_counter FROM engine_coupon WHERE code = 'ONCE-7002'").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aCampaignChangedAtOneInstanceIsUsedByTheOtherWithinTheRefreshInterval() throws Exception {
        long id = 7003;
        campaign(a, id, percentOff(5));
        awaitCampaignAt(b, id);
        campaign(a, id, percentOff(7));
        Instant changed = Instant.now();
        Instant deadline = changed.plus(CAMPAIGN_REFRESH).plusSeconds(1);
        String seen = "";
        for (int i = 0; Instant.now().isBefore(deadline) && !seen.equals("setDiscount 2.10"); i++) {
            seen = String.join(",", discounts(session(b, "refresh-7003-" + i, """
                    {"customerSession": {"state": "open", "cartItems": [{"sku": "REFRESH-7003", "quantity": 1, "price": 30}]}}""")));
            Thread.sleep(100);
        }
        assertThat(seen).as("seen at the other instance within " + CAMPAIGN_REFRESH + " and a second").isEqualTo("setDiscount 2.10");
    }

    // --- exactly once through kills of an instance and of the broker ---

    private static final int CHAOS_TRANSACTIONS = 80;

    /** What two tills send: purchases (to a), then for some a partial refund, for some a void (to b). */
    private static List<List<ObjectNode>> chaosScript() {
        List<List<ObjectNode>> tills = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < CHAOS_TRANSACTIONS; i++) {
            String txn = "CHAOS-" + i;
            List<ObjectNode> till = tills.get(i % 2);
            till.add(customer(envelope("store-1", "buy-" + i, seed003Purchase(txn)), i));
            if (i % 3 == 1) {
                till.add(customer(envelope("store-1", "refund-" + i, seed003PartialRefund(txn)), i));
            } else if (i % 3 == 2) {
                till.add(customer(envelope("store-1", "void-" + i, seed003FullRefund(txn)), i));
            }
        }
        return tills;
    }

    /** Each sale its own customer, with coupon CHAOS-n of a campaign with a discount budget: 5.00 off. */
    private static ObjectNode customer(ObjectNode envelope, int i) {
        ObjectNode transaction = (ObjectNode) envelope.get("request_payload");
        ((ObjectNode) transaction.get("payments").get(0)).put("user_id", "chaos-" + i);
        transaction.putArray("discounts").addObject().put("reference_id", "CHAOS-" + (i % 3));
        return envelope;
    }

    @Test
    @Order(7)
    void killedTwiceWithTheBrokerRestartedOnceUnderLoadEveryAcceptedRequestIsAppliedAndPublishedOnce() throws Exception {
        campaign(a, 7004, """
                {"name": "chaos budget", "coupons": ["CHAOS-0", "CHAOS-1", "CHAOS-2"], "couponSettings": {"usageLimit": 0},
                 "couponRequired": true, "limits": [{"action": "setDiscount", "limit": 100000}],
                 "rules": [{"title": "five off", "effects": [{"type": "setDiscount", "name": "five off", "value": "5.0"}]}]}""");
        awaitCampaignAt(b, 7004);
        var readers = broker.connections(StandaloneBroker.READER, StandaloneBroker.READER_PASSWORD);
        try (Connection c = readers.createConnection()) {
            c.setClientID("several-instances");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableSubscriber(s.createTopic("tillgate.effects"), "chaos").close();
        }

        List<List<ObjectNode>> script = chaosScript();
        int total = script.stream().mapToInt(List::size).sum();
        Map<String, String> accepted = new java.util.concurrent.ConcurrentHashMap<>(); // request_id → job_id
        // refusals while each blow is felt: instance a killed, the broker killed, a killed again
        java.util.concurrent.atomic.AtomicIntegerArray refusals = new java.util.concurrent.atomic.AtomicIntegerArray(4);
        java.util.concurrent.atomic.AtomicInteger phase = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> tillFailed = new java.util.concurrent.atomic.AtomicReference<>();
        // the tills send up to this many accepted requests, so that each blow lands while they are sending
        java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger(total / 4);
        List<Thread> tills = new ArrayList<>();
        for (List<ObjectNode> requests : script) {
            Thread till = new Thread(() -> {
                for (ObjectNode request : requests) {
                    while (accepted.size() >= allowed.get()) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    boolean purchase = request.get("request_id").asText().startsWith("buy-");
                    for (int attempt = 0; !accepted.containsKey(request.get("request_id").asText()); attempt++) {
                        // purchases to a, refunds and voids to b; the other one when the first will not take it
                        GatewayInstance at = (purchase ^ attempt % 2 == 1) ? a : b;
                        try {
                            GatewayClient.Reply reply = at.client().send(request);
                            if (reply.status() == 200) {
                                accepted.put(request.get("request_id").asText(), reply.json().at("/payload/job_id").asText());
                            } else if (reply.status() == 503) {
                                refusals.incrementAndGet(phase.get());
                            } else {
                                tillFailed.compareAndSet(null, new AssertionError("answered " + reply.status() + ": " + reply.body()));
                                return;
                            }
                        } catch (RuntimeException down) {
                            refusals.incrementAndGet(phase.get()); // not listening: the till sends the same request again
                        }
                        try {
                            Thread.sleep(attempt == 0 ? 15 : 100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            till.setDaemon(true);
            till.start();
            tills.add(till);
        }
        try {
            awaitAccepted(accepted, total / 4);
            phase.set(1);
            allowed.set(total / 2);
            a.kill();
            a.start();
            awaitAccepted(accepted, total / 2);
            phase.set(2);
            allowed.set(total * 3 / 4);
            broker.kill();
            broker.start();
            a.awaitUp();
            awaitAccepted(accepted, total * 3 / 4);
            phase.set(3);
            allowed.set(total);
            a.kill();
            a.start();
            for (Thread till : tills) {
                till.join(180_000);
            }
        } finally {
            tills.forEach(Thread::interrupt);
        }
        assertThat(tillFailed.get()).as("no till got an answer other than 200 or 503").isNull();
        assertThat(accepted).as("every request accepted in the end").hasSize(total);
        a.awaitUp();
        for (int blow = 1; blow <= 3; blow++) {
            assertThat(refusals.get(blow)).as("refusals while blow " + blow + " was felt: the tills were still sending").isPositive();
        }

        // Every session in the state its requests imply, each request applied once.
        for (int i = 0; i < CHAOS_TRANSACTIONS; i++) {
            JsonNode view = awaitOutcomes(b.client(), "CHAOS-" + i, i % 3 == 0 ? 1 : 2);
            assertThat(view.at("/session/state").asText()).as("CHAOS-" + i)
                    .isEqualTo(i % 3 == 0 ? "closed" : i % 3 == 1 ? "partially_returned" : "cancelled");
        }
        Map<String, Integer> outcomes = new HashMap<>();
        db.sql("SELECT request_id, COUNT(*) FROM pos_outcome WHERE request_id LIKE 'buy-%' OR request_id LIKE 'refund-%' OR request_id LIKE 'void-%' GROUP BY request_id")
                .query((rs, n) -> outcomes.put(rs.getString(1), rs.getInt(2))).list();
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(accepted.keySet());
        assertThat(outcomes.values()).allMatch(count -> count == 1);
        assertThat(broker.messageCount("tillgate.transactions.DLQ")).as("no dead letters").isZero();

        // Every event published once: one per accepted request here.
        Map<String, JsonNode> events = new HashMap<>();
        int received = 0;
        try (Connection c = readers.createConnection()) {
            c.setClientID("several-instances");
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createDurableSubscriber(s.createTopic("tillgate.effects"), "chaos");
            for (Message m = consumer.receive(5_000); m != null; m = consumer.receive(2_000)) {
                JsonNode event = Json.parse(m.getBody(String.class));
                if (event.get("transactionId").asText().startsWith("CHAOS-")) {
                    events.put(event.get("eventId").asText(), event);
                    received++;
                }
            }
        }
        assertThat(received).as("no event twice").isEqualTo(events.size());
        assertThat(events.values().stream().map(e -> e.get("requestId").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(accepted.keySet());
        // The budget counter is what the sessions still hold: granted minus rolled back, as the events say.
        BigDecimal held = BigDecimal.ZERO;
        int granted = 0;
        for (JsonNode event : events.values()) {
            for (JsonNode effect : event.get("effects")) {
                if (effect.get("campaignId").asLong() == 7004) {
                    BigDecimal value = effect.at("/props/value").decimalValue();
                    switch (effect.get("effectType").asText()) {
                        case "setDiscount" -> {
                            held = held.add(value);
                            granted++;
                        }
                        case "rollbackDiscount" -> held = held.subtract(value);
                        default -> { }
                    }
                }
            }
        }
        assertThat(granted).as("5.00 off each sale").isEqualTo(CHAOS_TRANSACTIONS);
        assertThat(db.sql("SELECT counter FROM engine_budget WHERE campaign_id = 7004 AND action = 'setDiscount' AND entity_key = ''")
                .query(BigDecimal.class).single()).isEqualByComparingTo(held);
    }

    private static void awaitAccepted(Map<String, String> accepted, int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (accepted.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(accepted.size()).as("accepted before the next blow").isGreaterThanOrEqualTo(count);
    }

    private static String percentOff(int percent) {
        return """
                {"name": "refresh across instances", "appliesTo": {"skus": ["REFRESH-7003"]},
                 "rules": [{"title": "off", "effects": [{"type": "setDiscount", "name": "off", "value": "session.total * 0.0%d"}]}]}"""
                .formatted(percent);
    }

    // --- helpers ---

    private static final String APP = "ApiKey-v1 demo-app-key";
    private static final String MANAGEMENT = "ManagementKey-v1 demo-management-key";

    static void campaign(GatewayInstance at, long id, String json) {
        GatewayClient.Reply reply = put(at, "/v1/applications/1/campaigns/" + id, MANAGEMENT, json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    /** A campaign created elsewhere is used here once this instance has refreshed. */
    static void awaitCampaignAt(GatewayInstance at, long id) throws InterruptedException {
        Instant deadline = Instant.now().plus(CAMPAIGN_REFRESH).plusSeconds(5);
        while (at.client().get("/v1/applications/1/campaigns/" + id, MANAGEMENT).status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Thread.sleep(CAMPAIGN_REFRESH.toMillis() + 500); // the read above is the database's; evaluation uses the refreshed set
    }

    static JsonNode session(GatewayInstance at, String id, String json) {
        GatewayClient.Reply reply = put(at, "/v2/customer_sessions/" + id, APP, json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static GatewayClient.Reply put(GatewayInstance at, String path, String auth, String json) {
        return at.client().execute(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + at.port() + path))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Effects as "type value" (money to the cent, a coupon's code as it is), in response order. */
    static List<String> discounts(JsonNode state) {
        List<String> list = new ArrayList<>();
        state.get("effects").forEach(e -> {
            JsonNode value = e.at("/props/value");
            String type = e.get("effectType").asText();
            list.add(type + (value.isMissingNode() ? "" : " " + (value.isNumber()
                    ? value.decimalValue().setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString() : value.asText())));
        });
        return list;
    }

    /** Sessions closed at the same moment, the even ones at instance a, the odd ones at b. */
    private static List<JsonNode> closeAtOnce(int sessions, String prefix, String body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> replies = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            GatewayInstance at = i % 2 == 0 ? a : b;
            String id = prefix + "-" + i;
            replies.add(pool.submit(() -> {
                go.await();
                return session(at, id, body);
            }));
        }
        go.countDown();
        List<JsonNode> states = new ArrayList<>();
        for (Future<JsonNode> reply : replies) {
            states.add(reply.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return states;
    }

    /** The transaction's view once it shows {@code count} outcomes. */
    static JsonNode awaitOutcomes(GatewayClient client, String txn, int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            GatewayClient.Reply view = client.get("/api/2.0/transactions/store-1/" + txn, GatewayClient.DEMO);
            if (view.status() == 200 && view.json().get("outcomes").size() >= count) {
                // read again: the view reads the session and the outcomes in separate statements, so the read that
                // first shows the last outcome may still show the session as it was before that outcome's commit
                return client.get("/api/2.0/transactions/store-1/" + txn, GatewayClient.DEMO).json();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(txn + " did not show " + count + " outcomes within 60 s");
    }
}
