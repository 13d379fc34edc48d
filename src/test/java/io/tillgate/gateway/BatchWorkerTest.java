package io.tillgate.gateway;

import io.tillgate.translate.Operation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.engine.Applications;
import io.tillgate.engine.lifecycle.SessionEngine;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.json.Json;
import io.tillgate.fulfil.SessionEvent;
import io.tillgate.engine.lifecycle.SessionUpdate;
import io.tillgate.worker.JobResult;
import io.tillgate.worker.QueuedMessage;
import io.tillgate.worker.QueuedRequests;
import io.tillgate.worker.RetryPolicy;
import io.tillgate.pos.AcceptedRequest;
import io.tillgate.pos.ArithmeticPolicy;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.pos.ValidationResult;
import io.tillgate.json.Fingerprint;
import io.tillgate.ingress.PosIngress;
import java.util.Map;
import io.tillgate.worker.TransactionWorker;
import jakarta.jms.Message;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The worker's batches: one database transaction for many requests, each in a savepoint of its own. */
class BatchWorkerTest extends GatewayTest {
    @Autowired
    TransactionWorker worker;
    @Autowired
    JmsTemplate jms;
    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    SessionEngine engine;
    @Autowired
    Applications applications;

    @Autowired
    RetryPolicy workerRetryPolicy;
    @Autowired
    QueuedRequests queuedRequests;

    /** A request as the door queues it: accepted, in the form the worker reads without checking it again. */
    private static QueuedMessage accepted(String jobId, ObjectNode envelope, int attempt) {
        var valid = (ValidationResult.Valid) new SendTransactionReader(ArithmeticPolicy.REJECT).read(envelope);
        var payload = envelope.get("request_payload");
        String body = AcceptedRequest.of(null, valid.request(), valid.warnings(), Fingerprint.of(payload), payload).encode();
        return new QueuedMessage(jobId, Map.of(PosIngress.JOB_ID_HEADER, jobId), body, attempt);
    }

    private static QueuedMessage queued(String jobId, String txn, int attempt) {
        return accepted(jobId, envelope("store-1", unique("r"), seed003Purchase(txn)), attempt);
    }

    private static QueuedMessage purchaseBy(String customer) {
        ObjectNode tx = seed003Purchase(unique("T"));
        ((ObjectNode) tx.get("payments").get(0)).put("user_id", customer);
        return accepted(UUID.randomUUID().toString(), envelope("store-1", unique("r"), tx), 1);
    }

    private List<JobResult> process(List<QueuedMessage> batch) {
        return worker.processBatch(queuedRequests.read(batch), workerRetryPolicy);
    }

    @Test
    void aRequestOfAStoreMappedToNoApplicationIsRejectedAndSaysSoOnTheBusNamingItsCustomer() {
        String txn = unique("T"), job = UUID.randomUUID().toString();
        QueuedRequests.Job read = queuedRequests.read(List.of(queued(job, txn, 1))).get(0);
        QueuedRequests.Job unmapped = new QueuedRequests.Job(read.queued(), read.accepted(), Optional.empty(), null);

        List<JobResult> results = worker.processBatch(List.of(unmapped), workerRetryPolicy);

        JobResult.Applied rejected = (JobResult.Applied) results.get(0);
        assertThat(rejected.operation()).isEqualTo(Operation.REJECTED);
        assertThat(rejected.events()).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo("transaction.rejected");
            assertThat(event.reason()).isEqualTo("unmapped_store");
            assertThat(event.jobId()).isEqualTo(job);
            assertThat(event.profileId()).isEqualTo("customer-42");
            assertThat(event.state()).isNull();
            assertThat(event.effects()).isEmpty();
        });
        assertThat(awaitOutcomes("store-1", txn, 1).at("/outcomes/0/reason").asText()).isEqualTo("unmapped_store");
    }

    @Test
    void aSessionUpdateDoesNotTouchAgainTheProfileItsTransactionLockedButTouchesItOtherwise() {
        Applications.Application app = applications.byId(1).orElseThrow();
        String held = unique("customer"), free = unique("customer");
        Instant locked = clock.instant();
        transactions.executeWithoutResult(status -> {
            engine.lockProfile(app, held);
            clock.advance(Duration.ofHours(1));
            engine.update(app, unique("s"), new SessionUpdate(held, SessionState.OPEN, List.of(), List.of(), null), false);
            engine.update(app, unique("s"), new SessionUpdate(free, SessionState.OPEN, List.of(), List.of(), null), false);
        });
        assertThat(lastActivity(held)).as("locked before the hour passed, not touched again").isBetween(locked, locked.plusSeconds(60));
        assertThat(lastActivity(free)).as("touched by its session update").isAfterOrEqualTo(locked.plus(Duration.ofHours(1)));
    }

    private Instant lastActivity(String profile) {
        return jdbc.sql("SELECT last_activity FROM engine_profile WHERE integration_id = ?").param(profile)
                .query(OffsetDateTime.class).single().toInstant();
    }

    @Test
    void aCustomerLockedElsewhereForTooLongFailsOnlyTheRequestsThatServeIt() throws Exception {
        String busy = unique("customer"), free = unique("customer");
        assertThat(process(List.of(purchaseBy(busy)))).extracting(BatchWorkerTest::operation).containsExactly(Operation.CLOSE);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch locked = new CountDownLatch(1), release = new CountDownLatch(1);
        try {
            Future<?> holder = pool.submit(() -> transactions.executeWithoutResult(status -> {
                jdbc.sql("UPDATE engine_profile SET last_activity = last_activity WHERE integration_id = ?").param(busy).update();
                locked.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            QueuedMessage before = purchaseBy(free), blocked = purchaseBy(busy), after = purchaseBy(free);
            List<JobResult> results = process(List.of(before, blocked, after)); // waits out H2's lock timeout
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(results).hasSize(2);
            assertThat(operation(results.get(0))).isEqualTo(Operation.CLOSE);
            assertThat(((JobResult.Retry) results.get(1)).cause()).isInstanceOf(TransientDataAccessException.class)
                    .hasMessageContaining("ENGINE_PROFILE");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM pos_outcome WHERE job_id IN (?, ?, ?)")
                    .params(before.id(), blocked.id(), after.id()).query(Integer.class).single()).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aRawRequestQueuedByAnEarlierVersionIsCheckedAndCarriedOutAndWhatIsNeitherIsDeadLettered() {
        String txn = unique("T"), job = UUID.randomUUID().toString();
        QueuedMessage legacy = new QueuedMessage(job, Map.of(PosIngress.JOB_ID_HEADER, job),
                envelope("store-1", unique("r"), seed003Purchase(txn)).toString(), 1);
        QueuedMessage future = new QueuedMessage(UUID.randomUUID().toString(), Map.of(), "{\"v\":2,\"request\":{}}", 1);
        QueuedMessage nothing = new QueuedMessage(UUID.randomUUID().toString(), Map.of(), "null", 1);
        QueuedMessage other = new QueuedMessage(UUID.randomUUID().toString(), Map.of(), "{\"store_id\":\"s1\"}", 1);

        List<JobResult> results = process(List.of(legacy, future, nothing, other));

        assertThat(operation(results.get(0))).isEqualTo(Operation.CLOSE);
        assertThat(awaitOutcomes("store-1", txn, 1).at("/session/state").asText()).isEqualTo("closed");
        assertThat(((JobResult.DeadLettered) results.get(1)).reason()).isEqualTo("io.tillgate.worker.PoisonMessageException: "
                + "the message is an accepted request of version 2; this tillgate reads version 1");
        assertThat(((JobResult.DeadLettered) results.get(2)).reason()).isEqualTo("io.tillgate.worker.PoisonMessageException: "
                + "the message is neither an accepted request nor a send_transaction request (the message is not an"
                + " accepted request: its body is null)");
        assertThat(((JobResult.DeadLettered) results.get(3)).reason()).isEqualTo("io.tillgate.worker.PoisonMessageException: "
                + "the message is neither an accepted request nor a send_transaction request (the message is an accepted"
                + " request of version 0; this tillgate reads version 1)");
    }

    @Test
    void aCustomerIdPaddedWithBlanksIsTheIdTheDoorCheckedNotARefusedOrSeparateProfile() {
        String txn = unique("T"), customer = unique("c") + "x".repeat(190);
        ObjectNode tx = seed003Purchase(txn);
        ((ObjectNode) tx.get("payments").get(0)).put("user_id", "  " + customer.substring(0, 200) + " ".repeat(300));

        List<JobResult> results = process(List.of(accepted(UUID.randomUUID().toString(), envelope("store-1", unique("r"), tx), 1)));

        assertThat(results).extracting(BatchWorkerTest::operation).containsExactly(Operation.CLOSE);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM engine_profile WHERE integration_id = ?").param(customer.substring(0, 200))
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void batchesThatShareCustomersInOppositeOrdersWaitForEachOtherInsteadOfDeadlocking() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String first = unique("customer"), second = unique("customer");
                List<QueuedMessage> one = List.of(purchaseBy(first), purchaseBy(second), purchaseBy(first));
                List<QueuedMessage> other = List.of(purchaseBy(second), purchaseBy(first), purchaseBy(second));
                CountDownLatch start = new CountDownLatch(1);
                Future<List<JobResult>> a = pool.submit(() -> { start.await(); return process(one); });
                Future<List<JobResult>> b = pool.submit(() -> { start.await(); return process(other); });
                start.countDown();
                assertThat(a.get(30, TimeUnit.SECONDS)).extracting(BatchWorkerTest::operation)
                        .containsExactly(Operation.CLOSE, Operation.CLOSE, Operation.CLOSE);
                assertThat(b.get(30, TimeUnit.SECONDS)).extracting(BatchWorkerTest::operation)
                        .containsExactly(Operation.CLOSE, Operation.CLOSE, Operation.CLOSE);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchStopsAtARequestToRetryKeepsWhatCameBeforeAndDeadLettersWhatCanNeverSucceed() {
        String a = unique("T"), b = unique("T"), c = unique("T");
        corruptStoredOriginal(b);
        String jobA = UUID.randomUUID().toString(), jobB = UUID.randomUUID().toString(), jobC = UUID.randomUUID().toString();
        String poison = UUID.randomUUID().toString();

        long batchesBefore = meters.summary("tillgate.worker.batch.size").count();
        double requestsBefore = meters.summary("tillgate.worker.batch.size").totalAmount();
        List<JobResult> first = process(List.of(queued(jobA, a, 1), queued(jobB, b, 1), queued(jobC, c, 1)));
        // at least: the running worker route may record batches of its own meanwhile
        assertThat(meters.summary("tillgate.worker.batch.size").count()).isGreaterThanOrEqualTo(batchesBefore + 1);
        assertThat(meters.summary("tillgate.worker.batch.size").totalAmount()).isGreaterThanOrEqualTo(requestsBefore + 3);
        assertThat(first).hasSize(2);
        assertThat(operation(first.get(0))).isEqualTo(Operation.CLOSE);
        assertThat(((JobResult.Retry) first.get(1)).cause()).isInstanceOf(UncheckedIOException.class);
        assertThat(outcomeCount("store-1", a)).isEqualTo(1); // committed, although the batch goes back to the queue
        assertThat(outcomeCount("store-1", c)).isZero();     // not tried: it must not overtake the one before it

        List<JobResult> again = process(List.of(queued(jobA, a, 2),
                new QueuedMessage(poison, Map.of(), "not JSON", 1), queued(jobB, b, 5), queued(jobC, c, 2)));
        assertThat(again).hasSize(4);
        // found processed: its events, to publish again, are those it first published
        List<SessionEvent> published = ((JobResult.Applied) first.get(0)).events();
        List<SessionEvent> republished = ((JobResult.AlreadyProcessed) again.get(0)).events();
        assertThat(published).extracting(SessionEvent::eventType, SessionEvent::state, SessionEvent::customerSessionId)
                .containsExactly(tuple("session.closed", "closed", "store-1:" + a));
        assertThat(Json.write(republished.get(0).effects())).isEqualTo(Json.write(published.get(0).effects()));
        assertThat(published.get(0).effects()).extracting(Effect::effectType)
                .containsExactly("setDiscountPerItem", "setDiscountPerItem", "setDiscountPerItem", "addLoyaltyPoints");
        assertThat(republished).usingRecursiveFieldByFieldElementComparatorIgnoringFields("effects").isEqualTo(published);
        assertThat(((JobResult.DeadLettered) again.get(1)).reason())
                .startsWith("io.tillgate.worker.PoisonMessageException: the message body is not JSON");
        assertThat(((JobResult.DeadLettered) again.get(2)).reason()).startsWith("java.io.UncheckedIOException");
        assertThat(operation(again.get(3))).isEqualTo(Operation.CLOSE);
        assertThat(outcomeCount("store-1", a)).isEqualTo(1);
        assertThat(outcomeCount("store-1", b)).isZero();
        assertThat(outcomeCount("store-1", c)).isEqualTo(1);
        assertThat(awaitOutcomes("store-1", c, 1).at("/session/state").asText()).isEqualTo("closed");
    }

    @Test
    void throughTheQueueAFailingRequestHoldsBackTheOnesAfterItInItsGroupUntilItIsDeadLettered() throws Exception {
        String a = unique("T"), b = unique("T"), c = unique("T");
        corruptStoredOriginal(b);
        String group = unique("batch-test");
        String jobA = UUID.randomUUID().toString(), jobB = UUID.randomUUID().toString(), jobC = UUID.randomUUID().toString();
        camel.getRouteController().stopRoute("transaction-worker");
        try {
            for (String[] job : new String[][]{{jobA, a}, {jobB, b}, {jobC, c}}) {
                jms.convertAndSend("tillgate.transactions", envelope("store-1", unique("r"), seed003Purchase(job[1])).toString(), m -> {
                    m.setStringProperty("tillgateJobId", job[0]);
                    m.setStringProperty("JMSXGroupID", group); // one consumer, in this order
                    return m;
                });
            }
        } finally {
            camel.getRouteController().startRoute("transaction-worker");
        }
        awaitOutcomes("store-1", c, 1);
        jms.setReceiveTimeout(500);
        Message[] dead = new Message[1];
        await().atMost(Duration.ofSeconds(20)).until(() ->
                (dead[0] = jms.receiveSelected("tillgate.transactions.DLQ", "tillgateJobId = '" + jobB + "'")) != null);
        assertThat(dead[0].getStringProperty("tillgateAttempts")).isEqualTo("5");
        assertThat(outcomeCount("store-1", a)).isEqualTo(1);
        assertThat(outcomeCount("store-1", b)).isZero();
        assertThat(outcomeCount("store-1", c)).isEqualTo(1);
        // C waited for B's four redeliveries (at least 50 + 100 + 200 + 200 ms apart in this configuration).
        Instant processedA = processedAt(jobA), processedC = processedAt(jobC);
        assertThat(Duration.between(processedA, processedC)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    private Instant processedAt(String jobId) {
        return jdbc.sql("SELECT processed_at FROM pos_outcome WHERE job_id = ?").param(jobId)
                .query(OffsetDateTime.class).single().toInstant();
    }

    private static Operation operation(JobResult result) {
        return ((JobResult.Applied) result).operation();
    }
}
