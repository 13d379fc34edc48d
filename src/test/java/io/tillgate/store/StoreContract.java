package io.tillgate.store;

import io.tillgate.translate.Operation;
import io.tillgate.translate.CartLine;
import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import io.tillgate.simulate.SaleHistory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tillgate.engine.json.Json;
import io.tillgate.pos.FieldError;
import io.tillgate.engine.session.SessionState;
import io.tillgate.translate.StoredSession;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's behaviour, run against each database tillgate supports, on the schema Flyway builds. */
abstract class StoreContract {
    private static final Instant NOW = Instant.parse("2026-03-01T10:05:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private PosRequestStore requests;
    private TransactionStore transactions;
    private TransactionTemplate tx;

    abstract DataSource dataSource();

    @BeforeEach
    void schema() {
        DataSource ds = dataSource();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        DurableCommits durable = new DurableCommits(ds, new SimpleMeterRegistry(), Duration.ZERO);
        requests = new PosRequestStore(jdbc, durable);
        transactions = new TransactionStore(jdbc, new Dialect(ds));
        tx = new TransactionTemplate(new FlushingTransactionManager(ds, durable));
    }

    private static RequestKey key() {
        return new RequestKey("demo-pos", "pos-17", "r-" + UUID.randomUUID());
    }

    private static String hash(char c) {
        return String.valueOf(c).repeat(64);
    }

    @Test
    void aNewRequestIsFreshThenAcceptedOnceConfirmed() {
        RequestKey key = key();
        RequestClaim first = requests.claim(key, hash('a'), "store-1", "T-1", NOW, DAY);
        assertThat(first).isInstanceOf(RequestClaim.Fresh.class);
        String jobId = ((RequestClaim.Fresh) first).jobId();
        assertThat(requests.claim(key, hash('a'), "store-1", "T-1", NOW.plusSeconds(1), DAY))
                .isEqualTo(new RequestClaim.Unconfirmed(jobId));
        assertThat(requests.confirm(key, jobId)).as("the first processing").isTrue();
        assertThat(requests.claim(key, hash('a'), "store-1", "T-1", NOW.plusSeconds(2), DAY))
                .isEqualTo(new RequestClaim.Accepted(jobId));
        assertThat(requests.confirm(key, jobId)).as("a redelivery of the processed job").isFalse();
        assertThat(requests.confirm(key(), jobId)).as("a job without a claim").isFalse();
    }

    @Test
    void theSameKeyWithOtherContentIsAConflict() {
        RequestKey key = key();
        requests.claim(key, hash('a'), "store-1", "T-1", NOW, DAY);
        assertThat(requests.claim(key, hash('b'), "store-1", "T-1", NOW, DAY)).isEqualTo(new RequestClaim.Conflict());
    }

    @Test
    void aClaimOlderThanTheRetentionIsForgottenAndTheRequestIsFreshAgain() {
        RequestKey key = key();
        String old = ((RequestClaim.Fresh) requests.claim(key, hash('a'), "store-1", "T-1", NOW, DAY)).jobId();
        requests.confirm(key, old);
        RequestClaim again = requests.claim(key, hash('b'), "store-1", "T-2", NOW.plus(DAY).plusSeconds(1), DAY);
        assertThat(again).isInstanceOf(RequestClaim.Fresh.class);
        assertThat(((RequestClaim.Fresh) again).jobId()).isNotEqualTo(old);
        assertThat(requests.confirm(key, old)).as("the old job: its claim was replaced").isFalse();
    }

    @Test
    void purgeForgetsOnlyRequestsReceivedBeforeTheCutoff() {
        RequestKey old = key();
        RequestKey recent = key();
        requests.claim(old, hash('a'), "store-1", "T-1", NOW.minus(Duration.ofDays(2)), DAY);
        String recentJob = ((RequestClaim.Fresh) requests.claim(recent, hash('a'), "store-1", "T-1", NOW, DAY)).jobId();
        assertThat(requests.purgeReceivedBefore(NOW.minus(DAY))).isGreaterThanOrEqualTo(1);
        assertThat(requests.claim(recent, hash('a'), "store-1", "T-1", NOW, DAY)).isEqualTo(new RequestClaim.Unconfirmed(recentJob));
        assertThat(requests.claim(old, hash('b'), "store-1", "T-1", NOW, DAY)).isInstanceOf(RequestClaim.Fresh.class);
    }

    private static TransactionRecord record(String txn, SessionState state, String modified, int returned) {
        ObjectNode attributes = Json.MAPPER.createObjectNode().put("brand", "Acme");
        List<CartLine> cart = List.of(
                new CartLine(0, "1", "SKU-1001", "Oxford shirt", "shirts", new BigDecimal("30.11"), 2, 0, null, attributes),
                new CartLine(1, "2", "SKU-2002", null, null, new BigDecimal("41.52"), 1, returned, null, null));
        ObjectNode original = Json.MAPPER.createObjectNode().put("transaction_id", txn).put("subtotal", new BigDecimal("101.74"));
        return new TransactionRecord("store-1", txn, "store-1:" + txn, original,
                new StoredSession(state, Instant.parse(modified), hash('f'), cart));
    }

    @Test
    void aStoredOriginalRoundTripsExactlyAndUpdatesInPlace() {
        String txn = "T-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> transactions.insert(record(txn, SessionState.CLOSED, "2026-03-01T10:04:12Z", 0), NOW));
        TransactionRecord loaded = tx.execute(s -> transactions.loadForUpdate("store-1", txn).orElseThrow());
        assertThat(loaded.sessionId()).isEqualTo("store-1:" + txn);
        assertThat(loaded.session().state()).isEqualTo(SessionState.CLOSED);
        assertThat(loaded.session().modifiedTime()).isEqualTo(Instant.parse("2026-03-01T10:04:12Z"));
        assertThat(loaded.session().fingerprint()).isEqualTo(hash('f'));
        assertThat(loaded.session().cart().get(0).price()).isEqualTo(new BigDecimal("30.11"));
        assertThat(loaded.session().cart().get(0).attributes().get("brand").asText()).isEqualTo("Acme");
        assertThat(loaded.original().get("subtotal").decimalValue()).isEqualTo(new BigDecimal("101.74"));

        tx.executeWithoutResult(s -> transactions.update(record(txn, SessionState.PARTIALLY_RETURNED, "2026-03-03T11:00:00Z", 1), NOW));
        TransactionRecord updated = transactions.load("store-1", txn).orElseThrow();
        assertThat(updated.session().state()).isEqualTo(SessionState.PARTIALLY_RETURNED);
        assertThat(updated.session().cart().get(1).returnedQuantity()).isEqualTo(1);
        assertThat(updated.session().modifiedTime()).isEqualTo(Instant.parse("2026-03-03T11:00:00Z"));
    }

    @Test
    void aStoredOriginalLoadedForUpdateIsHeldUntilItsTransactionEnds() throws Exception {
        String txn = "T-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> transactions.insert(record(txn, SessionState.CLOSED, "2026-03-01T10:04:12Z", 0), NOW));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> tx.executeWithoutResult(s -> {
                transactions.loadForUpdate("store-1", txn).orElseThrow();
                held.countDown();
                await(release);
                transactions.update(record(txn, SessionState.PARTIALLY_RETURNED, "2026-03-03T11:00:00Z", 1), NOW);
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> second = threads.submit(() -> tx.execute(s ->
                    transactions.loadForUpdate("store-1", txn).orElseThrow().session().cart().get(1).returnedQuantity()));
            Thread.sleep(300);
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            // the second read waited for the first transaction's lock, so it sees what that one committed
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSecondFirstInsertOfTheSameTransactionFailsAsADuplicate() {
        String txn = "T-" + UUID.randomUUID();
        transactions.insert(record(txn, SessionState.CLOSED, "2026-03-01T10:04:12Z", 0), NOW);
        assertThatThrownBy(() -> transactions.insert(record(txn, SessionState.OPEN, "2026-03-01T10:04:12Z", 0), NOW))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void outcomesComeBackInOrderAndAJobIdIsRecordedOnce() {
        String txn = "T-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        List<FieldError> warnings = List.of(new FieldError("subtotal_mismatch", "request_payload.subtotal", "off by 2.00"));
        ObjectNode plan = Json.MAPPER.createObjectNode();
        plan.putArray("items").addObject().put("position", 1).put("quantity", 1);
        ArrayNode effects = Json.MAPPER.createArrayNode();
        effects.addObject().put("campaignId", 1).put("effectType", "setDiscount").putObject("props").put("value", "20.00");
        transactions.record("store-1", txn, new Outcome(first, "r-1", "pos-17", Instant.parse("2026-03-01T10:04:12Z"),
                Operation.CLOSE, null, Json.MAPPER.createObjectNode(), warnings, NOW, "update closed", effects),
                new OutcomeEvents("ExampleUser", List.of(new OutcomeEvents.Entry("session.closed", "closed", 1, null)), List.of(new io.tillgate.pos.FieldError("clock_skew", "request_payload.modified_time", "ahead"))));
        transactions.record("store-1", txn, new Outcome(second, "r-2", "pos-17", Instant.parse("2026-03-03T11:00:00Z"),
                Operation.RETURN, null, plan, List.of(), NOW.plusSeconds(5), "return", Json.MAPPER.createArrayNode()), new OutcomeEvents(null, List.of(), List.of()));
        List<Outcome> outcomes = transactions.outcomes("store-1", txn, 0, 100);
        assertThat(outcomes).extracting(Outcome::jobId, Outcome::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, Operation.CLOSE), org.assertj.core.groups.Tuple.tuple(second, Operation.RETURN));
        assertThat(outcomes.get(0).warnings()).isEqualTo(warnings);
        assertThat(outcomes.get(1).plan().at("/items/0/position").asInt()).isEqualTo(1);
        assertThat(outcomes.get(1).processedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(outcomes.get(0).sessionOperation()).isEqualTo("update closed");
        ProcessedJob processed = transactions.processed(first).orElseThrow();
        assertThat(processed).isEqualTo(new ProcessedJob("store-1", txn, "r-1", NOW, effects,
                new OutcomeEvents("ExampleUser", List.of(new OutcomeEvents.Entry("session.closed", "closed", 1, null)), List.of(new io.tillgate.pos.FieldError("clock_skew", "request_payload.modified_time", "ahead")))));
        assertThat(transactions.processed(second).orElseThrow().events()).isEqualTo(new OutcomeEvents(null, List.of(), List.of()));
        assertThat(transactions.processed(UUID.randomUUID().toString())).isEmpty();
        assertThatThrownBy(() -> transactions.record("store-1", txn, new Outcome(first, "r-1", "pos-17",
                Instant.parse("2026-03-01T10:04:12Z"), Operation.CLOSE, null, Json.MAPPER.createObjectNode(), List.of(), NOW, null, null), new OutcomeEvents(null, List.of(), List.of())))
                .isInstanceOf(DuplicateKeyException.class);
    }
    @Test
    void salesComeInCloseOrderEachOnceHoweverManyClosedAtOnce() {
        JdbcClient jdbc = JdbcClient.create(dataSource());
        long app = 1_000 + new Random().nextInt(1_000_000);
        Instant tie = Instant.parse("2025-05-01T10:00:00Z");
        List<String> sold = new ArrayList<>();
        for (int i = 0; i < 450; i++) { // 300 closed at one instant, the rest a second later
            String txn = String.format("T-%03d", i);
            Instant closed = i < 300 ? tie : tie.plusSeconds(1);
            session(jdbc, app, "s1:" + txn, "closed", closed);
            jdbc.sql("""
                            INSERT INTO pos_transaction (store_id, transaction_id, session_id, session_state, modified_time,
                                                         fingerprint, original, cart, updated_at)
                            VALUES ('s1', ?, ?, 'closed', ?, ?, '{}', '[]', ?)""")
                    .params(txn, "s1:" + txn, Timestamps.utc(closed), hash('a'),
                            Timestamps.utc(closed)).update();
            sold.add("s1:" + txn);
        }
        session(jdbc, app, "web-order-1", "closed", tie); // a web shop's session: read, not a till's sale
        session(jdbc, app, "s1:T-void", "cancelled", tie);
        session(jdbc, app, "s1:T-early", "closed", tie.minusSeconds(1));

        SaleHistory history = new SaleHistory(jdbc);
        Instant to = tie.plusSeconds(2);
        assertThat(history.count(app, tie, to)).isEqualTo(452); // the voided sale and the web order among them
        List<String> seen = new ArrayList<>();
        int sessions = 0;
        SaleHistory.Cursor cursor = SaleHistory.Cursor.start(tie);
        for (int page = 0; page < 10; page++) {
            SaleHistory.Page read = history.page(app, to, cursor, 200);
            sessions += read.sessions();
            read.sales().forEach(s -> seen.add(s.sessionId()));
            cursor = read.next();
            if (read.sessions() < 200) {
                break;
            }
        }
        assertThat(sessions).isEqualTo(452);
        assertThat(seen).isEqualTo(sold); // in close order, then id order; each once
    }

    private static void session(JdbcClient jdbc, long app, String id, String state, Instant closed) {
        jdbc.sql("""
                        INSERT INTO engine_session (application_id, integration_id, profile_id, state, cart, coupon_codes,
                                                    attributes, effects, ledger, first_session, created, updated, closed_at)
                        VALUES (?, ?, NULL, ?, '[]', '[]', '{}', '[]', '[]', TRUE, ?, ?, ?)""")
                .params(app, id, state, Timestamps.utc(closed), Timestamps.utc(closed),
                        Timestamps.utc(closed)).update();
    }
}
