package io.tillgate.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.TillgateApplication;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003PartialRefund;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Gateways started and stopped within a test, on a data directory of their own. */
class RestartTest {
    private final String dataDir = Path.of("target/test-data/restart-" + UUID.randomUUID()).toAbsolutePath().toString();

    private ConfigurableApplicationContext start(boolean worker) {
        // Command-line arguments: they outrank application.yaml, as an operator's would.
        return new SpringApplicationBuilder(TillgateApplication.class).run(
                "--server.port=0",
                "--tillgate.broker.tcp.enabled=false",
                "--tillgate.data-dir=" + dataDir,
                "--tillgate.worker.auto-startup=" + worker);
    }

    private static GatewayClient client(ConfigurableApplicationContext context) {
        return new GatewayClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void messagesStillQueuedAtShutdownAreAllProcessedAfterTheRestartAndNoneTwice() {
        List<String> transactions = new ArrayList<>();
        try (ConfigurableApplicationContext first = start(false)) {
            GatewayClient client = client(first);
            for (int i = 0; i < 15; i++) {
                String txn = "T-" + i;
                transactions.add(txn);
                assertThat(client.send(envelope("store-1", "buy-" + i, seed003Purchase(txn))).status()).isEqualTo(200);
                assertThat(client.send(envelope("store-1", "refund-" + i, seed003PartialRefund(txn))).status()).isEqualTo(200);
            }
            assertThat(first.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM pos_outcome").query(Integer.class).single()).isZero();
            var queue = first.getBean(EmbeddedActiveMQ.class).getActiveMQServer().locateQueue("tillgate.transactions");
            queue.flushExecutor();
            assertThat(queue.getMessageCount()).isEqualTo(30);
        }
        try (ConfigurableApplicationContext second = start(true)) {
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    jdbc.sql("SELECT COUNT(*) FROM pos_outcome").query(Integer.class).single() == 30);
            for (String txn : transactions) {
                List<String> operations = jdbc.sql("SELECT operation FROM pos_outcome WHERE transaction_id = ? ORDER BY id")
                        .param(txn).query(String.class).list();
                assertThat(operations).as(txn).containsExactly("CLOSE", "RETURN");
            }
            MeterRegistry meters = second.getBean(MeterRegistry.class);
            // counted once the batch's database transaction has committed, a moment after its rows are visible
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    meters.counter("tillgate.worker.jobs", "operation", "RETURN").count() == 15.0);
            assertThat(meters.counter("tillgate.worker.jobs", "operation", "CLOSE").count()).isEqualTo(15.0);
            assertThat(meters.counter("tillgate.worker.jobs", "operation", "RETURN").count()).isEqualTo(15.0);
            assertThat(meters.counter("tillgate.worker.jobs", "operation", "ALREADY_PROCESSED").count()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> second.getBean(EmbeddedActiveMQ.class).getActiveMQServer()
                    .locateQueue("tillgate.transactions").getMessageCount() == 0);
        }
    }

    @Test
    void whenTheBrokerCannotTakeTheMessageTheAnswerIs503AndTheClaimWaitsForTheRetry() throws Exception {
        try (ConfigurableApplicationContext gateway = start(true)) {
            GatewayClient client = client(gateway);
            assertThat(client.send(envelope("store-1", "before", seed003Purchase("T-ok"))).status()).isEqualTo(200);
            gateway.getBean(EmbeddedActiveMQ.class).stop();

            GatewayClient.Reply refused = client.send(envelope("store-1", "during", seed003Purchase("T-refused")));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().at("/errors/0/code").asText()).isEqualTo("broker_unavailable");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            // the answer carries none of the request's headers, nor the properties meant for the queue
            assertThat(refused.response().headers().map().keySet()).noneMatch(name ->
                    name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("tillgateCredential")
                            || name.equalsIgnoreCase("tillgateJobId") || name.equalsIgnoreCase("JMSXGroupID"));
            // unconfirmed, so that the same request sent again is queued under the same job, never as a second one
            String status = gateway.getBean(JdbcClient.class)
                    .sql("SELECT status FROM pos_request WHERE request_id = 'during'").query(String.class).single();
            assertThat(status.trim()).isEqualTo("PENDING");
        }
    }

    /** Issue 15's finding 1: ten lines of 100,000 units, twice at once, destroyed the H2 database. */
    private static com.fasterxml.jackson.databind.node.ObjectNode bulk(String txn, int unitsPerLine) {
        com.fasterxml.jackson.databind.node.ObjectNode tx = io.tillgate.PosFixtures.transaction(txn, "2026-03-01T10:04:12.000Z");
        for (int line = 1; line <= 10; line++) {
            io.tillgate.PosFixtures.line(tx, String.valueOf(line), "Sub category 1", unitsPerLine, "1.00");
        }
        io.tillgate.PosFixtures.payment(tx, tx.get("subtotal").decimalValue().toPlainString(), "customer-42");
        return tx;
    }

    @Test
    void theBombOfFinding1IsRefusedTheLargestCartsAreCarriedAndABackupOfDataRestoresEverything() throws Exception {
        Path backup = Path.of(dataDir + "-backup");
        try (ConfigurableApplicationContext gateway = start(true)) {
            GatewayClient client = client(gateway);
            List<java.util.concurrent.CompletableFuture<GatewayClient.Reply>> sent = new ArrayList<>();
            for (String txn : List.of("BOMB-1", "BOMB-2", "LARGEST-1", "LARGEST-2")) {
                int units = txn.startsWith("BOMB") ? 100_000 : 1_000; // the largest: 10,000 units
                sent.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> client.send(envelope("store-1", "r-" + txn, bulk(txn, units)))));
            }
            for (int i = 0; i < 2; i++) {
                GatewayClient.Reply bomb = sent.get(i).join();
                assertThat(bomb.status()).isEqualTo(400);
                assertThat(bomb.json().at("/errors/0/code").asText()).isEqualTo("too_many");
                assertThat(bomb.json().at("/errors/0/field").asText()).isEqualTo("request_payload.items");
            }
            assertThat(sent.get(2).join().status()).isEqualTo(200);
            assertThat(sent.get(3).join().status()).isEqualTo(200);
            assertThat(client.send(envelope("store-1", "r-small", seed003Purchase("SMALL-1"))).status()).isEqualTo(200);
            JdbcClient jdbc = gateway.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    jdbc.sql("SELECT COUNT(*) FROM pos_outcome").query(Integer.class).single() == 3);
        }
        // the backup the README describes: the stopped gateway's data directory, copied as it is
        try (var files = java.nio.file.Files.walk(Path.of(dataDir))) {
            for (Path file : files.toList()) {
                java.nio.file.Files.copy(file, backup.resolve(Path.of(dataDir).relativize(file)));
            }
        }
        try (ConfigurableApplicationContext restored = new SpringApplicationBuilder(TillgateApplication.class).run(
                "--server.port=0", "--tillgate.broker.tcp.enabled=false", "--tillgate.data-dir=" + backup)) {
            GatewayClient client = client(restored);
            for (String txn : List.of("LARGEST-1", "LARGEST-2", "SMALL-1")) {
                GatewayClient.Reply view = client.get("/api/2.0/transactions/store-1/" + txn, GatewayClient.DEMO);
                assertThat(view.status()).as(txn).isEqualTo(200);
                assertThat(view.json().at("/outcomes/0/operation").asText()).as(txn).isEqualTo("CLOSE");
                assertThat(view.json().at("/session/state").asText()).as(txn).isEqualTo("closed");
            }
            GatewayClient.Reply largest = client.get("/api/2.0/transactions/store-1/LARGEST-1", GatewayClient.DEMO);
            assertThat(largest.json().at("/session/cart").size()).isEqualTo(10);
            assertThat(largest.json().at("/session/cart/0/quantity").asInt()).isEqualTo(1_000);
            assertThat(client.get("/api/2.0/transactions/store-1/BOMB-1", GatewayClient.DEMO).status()).isEqualTo(404);
            assertThat(client.send(envelope("store-1", "r-after", seed003Purchase("AFTER-1"))).status()).isEqualTo(200);
            JdbcClient jdbc = restored.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    jdbc.sql("SELECT COUNT(*) FROM pos_outcome").query(Integer.class).single() == 4);
        }
    }
}
