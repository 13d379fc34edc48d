package io.tillgate.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.io.IOException;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The store on a real PostgreSQL 14 server, started from Maven Central binaries. PostgreSQL refuses to
 * run as root, so under root these tests are skipped; {@code .ci/run} runs the build as an unprivileged user.
 */
class PostgresStoreTest extends StoreContract {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "PostgreSQL cannot run as root: run the build as an unprivileged user (as .ci/run does)");
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }
}
