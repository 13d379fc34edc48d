package io.tillgate.instances;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import io.tillgate.gateway.FreePorts;
import io.tillgate.gateway.GatewayClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003FullRefund;
import static io.tillgate.PosFixtures.seed003PartialRefund;
import static io.tillgate.PosFixtures.seed003Purchase;
import static io.tillgate.instances.SeveralInstancesIT.awaitOutcomes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Past one broker: two Artemis brokers in a symmetric cluster with Artemis's clustered grouping handler (the
 * first LOCAL, the second REMOTE), both from the project's {@code deploy/artemis-cluster/broker.xml}; gateway a
 * connected to the first, gateway b to the second, one PostgreSQL. A transaction's requests sent through both
 * keep their order, subscribers on either broker get every event, and a broker killed with {@code kill -9}
 * loses nothing: what it held is processed, in order, once it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerClusterIT {
    private static final Path DIR = Path.of("target/instances/cluster-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();

    private static EmbeddedPostgres postgres;
    private static StandaloneBroker first;
    private static StandaloneBroker second;
    private static GatewayInstance a;
    private static GatewayInstance b;
    private static JdbcClient db;

    @BeforeAll
    static void start() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "PostgreSQL cannot run as root: run the build as an unprivileged user (as .ci/run does)");
        postgres = EmbeddedPostgres.builder().start();
        db = JdbcClient.create(postgres.getPostgresDatabase());
        int firstPort = FreePorts.next();
        int secondPort = FreePorts.next();
        Path xml = Path.of("deploy/artemis-cluster/broker.xml");
        first = StandaloneBroker.create(DIR.resolve("broker-1"), xml, firstPort, node("broker-1", firstPort, secondPort, "LOCAL"));
        second = StandaloneBroker.create(DIR.resolve("broker-2"), xml, secondPort, node("broker-2", secondPort, firstPort, "REMOTE"));
        first.awaitLog("AMQ221027", 2); // both cluster bridges to the other broker are connected
        second.awaitLog("AMQ221027", 2);
        String jdbc = postgres.getJdbcUrl("postgres", "postgres");
        // Without useTopologyForLoadBalancing=false the client spreads its connections over every broker of the
        // cluster it learns of: each instance is to use its own broker.
        String pinned = "?useTopologyForLoadBalancing=false";
        a = new GatewayInstance("a", FreePorts.next(), DIR.resolve("a"), GatewayInstance.external(first.url() + pinned, jdbc),
                GatewayInstance.QUICK_RETRIES);
        b = new GatewayInstance("b", FreePorts.next(), DIR.resolve("b"), GatewayInstance.external(second.url() + pinned, jdbc),
                GatewayInstance.QUICK_RETRIES);
        GatewayInstance.startAll(a, b);
    }

    private static Map<String, String> node(String name, int port, int peerPort, String grouping) {
        return Map.of("tillgate.broker.name", name, "tillgate.cluster.self", "tcp://127.0.0.1:" + port,
                "tillgate.cluster.peer", "tcp://127.0.0.1:" + peerPort, "tillgate.cluster.grouping", grouping,
                "tillgate.cluster.password", "cluster-test-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.closeAll(a, b, first, second, postgres);
    }

    @Test
    @Order(1)
    void requestsOfOneTransactionSentThroughBothBrokersAreAppliedInOrderAndEveryEventReachesSubscribersOnBoth() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        // a name of its own at each broker: the same name on both would be one subscription, its events shared out
        subscribe(first, "order-1-" + run);
        subscribe(second, "order-2-" + run);
        List<String> txns = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String txn = "CLUSTER-" + run + "-" + i;
            txns.add(txn);
            assertThat(a.client().send(envelope("store-1", txn + "-buy", seed003Purchase(txn))).status()).isEqualTo(200);
            assertThat(b.client().send(envelope("store-1", txn + "-refund", seed003PartialRefund(txn))).status()).isEqualTo(200);
            assertThat(b.client().send(envelope("store-1", txn + "-void", seed003FullRefund(txn))).status()).isEqualTo(200);
        }
        for (String txn : txns) {
            assertAppliedInOrder(txn);
        }
        assertEveryEventOnce(first, "order-1-" + run, "CLUSTER-" + run, requests(txns));
        assertEveryEventOnce(second, "order-2-" + run, "CLUSTER-" + run, requests(txns));
    }

    @Test
    @Order(2)
    void aBrokerKilledWithRequestsQueuedLosesNoneAndTheirTransactionsKeepTheirOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        subscribe(first, "kill-" + run);
        List<String> txns = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String txn = "KILL-" + run + "-" + i;
            txns.add(txn);
            GatewayInstance at = i % 2 == 0 ? a : b; // new groups are spread over both brokers' queues
            assertThat(at.client().send(envelope("store-1", txn + "-buy", seed003Purchase(txn))).status()).isEqualTo(200);
        }
        for (String txn : txns) {
            awaitOutcomes(a.client(), txn, 1);
        }
        // Gateway b freezes (SIGSTOP) with its consumers still attached: the refunds of the transactions whose group
        // the second broker holds wait there, delivered to b but not acknowledged.
        b.signal("STOP");
        try {
            for (String txn : txns) {
                assertThat(a.client().send(envelope("store-1", txn + "-refund", seed003PartialRefund(txn))).status()).isEqualTo(200);
            }
            List<String> held = awaitSettled(txns, 2);
            assertThat(held).as("groups the second broker holds (the grouping handler spreads new groups over both)").isNotEmpty();
            assertThat(held).as("and the first").hasSizeLessThan(txns.size());
            assertThat(second.messageCount("tillgate.transactions")).as("the held refunds are in the second broker's queue")
                    .isEqualTo(held.size());

            second.kill();
            // The voids go to the first broker, which keeps those of the dead broker's groups for it: none overtakes its refund.
            for (String txn : txns) {
                assertThat(a.client().send(envelope("store-1", txn + "-void", seed003FullRefund(txn))).status()).isEqualTo(200);
            }
            assertThat(awaitSettled(txns, 3)).as("the transactions the dead broker holds wait for it, no others").isEqualTo(held);
            for (String txn : held) {
                assertThat(outcomes(txn)).as(txn + " waits for its broker").isEqualTo(1);
            }
        } finally {
            b.signal("CONT"); // its connection to the dead broker is gone: its worker reconnects once the broker is back
        }
        second.start();
        second.awaitLog("AMQ221027", 4); // the cluster bridges connected again (the log is appended to)
        for (String txn : txns) {
            assertAppliedInOrder(txn);
            assertThat(db.sql("SELECT COUNT(*) FROM pos_outcome WHERE request_id LIKE ?").param(txn + "-%").query(Integer.class).single())
                    .as(txn + ": each request applied once").isEqualTo(3);
        }
        for (StandaloneBroker broker : List.of(first, second)) {
            assertThat(broker.messageCount("tillgate.transactions.DLQ")).as("no dead letters at " + broker.url()).isZero();
        }
        assertEveryEventOnce(first, "kill-" + run, "KILL-" + run, requests(txns));
    }

    private static void assertAppliedInOrder(String txn) throws InterruptedException {
        JsonNode view = awaitOutcomes(a.client(), txn, 3);
        assertThat(view.at("/session/state").asText()).as(txn).isEqualTo("cancelled");
        List<String> operations = new ArrayList<>();
        view.get("outcomes").forEach(o -> operations.add(o.get("request_id").asText() + " " + o.get("operation").asText()));
        assertThat(operations).as(txn).containsExactly(txn + "-buy CLOSE", txn + "-refund RETURN", txn + "-void CANCEL");
    }

    /**
     * Waits until the number of transactions with {@code outcomes} outcomes stops growing for 3 s (at most 60 s),
     * and returns the others: those whose requests wait.
     */
    private static List<String> awaitSettled(List<String> txns, int outcomes) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        List<String> waiting = txns;
        Instant changed = Instant.now();
        while (Instant.now().isBefore(deadline) && Instant.now().isBefore(changed.plusSeconds(3))) {
            List<String> now = txns.stream().filter(txn -> outcomes(txn) < outcomes).toList();
            if (!now.equals(waiting)) {
                waiting = now;
                changed = Instant.now();
            }
            Thread.sleep(200);
        }
        return waiting;
    }

    private static int outcomes(String txn) {
        return db.sql("SELECT COUNT(*) FROM pos_outcome WHERE request_id LIKE ?").param(txn + "-%").query(Integer.class).single();
    }

    private static ActiveMQConnectionFactory readers(StandaloneBroker broker) {
        return broker.connections(StandaloneBroker.READER, StandaloneBroker.READER_PASSWORD);
    }

    private static void subscribe(StandaloneBroker broker, String name) throws Exception {
        try (Connection c = readers(broker).createConnection()) {
            c.setClientID(name);
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableSubscriber(s.createTopic("tillgate.effects"), name).close();
        }
    }

    private static List<String> requests(List<String> txns) {
        return txns.stream().flatMap(txn -> java.util.stream.Stream.of(txn + "-buy", txn + "-refund", txn + "-void")).toList();
    }

    /** The subscriber on {@code broker} got one event for each of {@code requests}, and nothing else of the run. */
    private static void assertEveryEventOnce(StandaloneBroker broker, String name, String prefix, List<String> requests) throws Exception {
        List<String> received = new ArrayList<>();
        try (Connection c = readers(broker).createConnection()) {
            c.setClientID(name);
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createDurableSubscriber(s.createTopic("tillgate.effects"), name);
            // every expected event, then 5 s of quiet in which a copy would show
            for (Message m = consumer.receive(30_000); m != null; m = consumer.receive(received.size() < requests.size() ? 30_000 : 5_000)) {
                JsonNode event = Json.parse(m.getBody(String.class));
                if (event.get("transactionId").asText().startsWith(prefix)) {
                    received.add(event.get("requestId").asText());
                }
            }
        }
        assertThat(received).as("events at " + broker.url() + ", by request").containsExactlyInAnyOrderElementsOf(requests);
    }
}
