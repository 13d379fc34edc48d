package io.tillgate.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AdditionalCostsTest} on PostgreSQL. */
// closed after the class, as PostgresConcurrencyTest's: another live gateway would show in the operators' JMX views
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PgAdditionalCostsTest extends AdditionalCostsTest {
    @BeforeAll
    static void notRoot() {
        org.junit.jupiter.api.Assumptions.assumeFalse(PgSupport.ROOT, "PostgreSQL cannot run as root");
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PgSupport.register(registry);
    }
}
