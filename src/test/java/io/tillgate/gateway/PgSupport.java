package io.tillgate.gateway;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Path;
import java.util.UUID;

/**
 * One embedded PostgreSQL for the test classes that run a feature's gateway tests again on it (a database each), so
 * that what the engine's stores write is proven on both databases tillgate runs on. PostgreSQL does not run as root:
 * those classes are skipped there (.ci/run builds as an unprivileged user).
 */
final class PgSupport {
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static EmbeddedPostgres postgres;

    private PgSupport() {
    }

    static synchronized void register(DynamicPropertyRegistry registry) {
        if (ROOT) {
            return;
        }
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String db = "db" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", db));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        String journal = Path.of("target/test-data/pg-" + UUID.randomUUID()).toAbsolutePath().toString();
        registry.add("spring.artemis.embedded.data-directory", () -> journal);
        registry.add("tillgate.broker.tcp.enabled", () -> "false");
    }
}
