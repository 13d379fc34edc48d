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
    void whenTheBrokerCannotTakeTheMessageTheAnswerIs503AndNothingIsAccepted() throws Exception {
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
            int claims = gateway.getBean(JdbcClient.class)
                    .sql("SELECT COUNT(*) FROM pos_request WHERE request_id = 'during'").query(Integer.class).single();
            assertThat(claims).isZero();
        }
    }
}
