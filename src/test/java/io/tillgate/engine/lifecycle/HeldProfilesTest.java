package io.tillgate.engine.lifecycle;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Held profiles belong to one transaction: a later one on the same thread must touch them again. */
class HeldProfilesTest {
    private final TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(database()));

    private static JdbcDataSource database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:held-profiles");
        return ds;
    }

    @Test
    void aProfileIsHeldUntilItsTransactionEndsWhetherItCommitsOrRollsBack() {
        transactions.executeWithoutResult(status -> {
            HeldProfiles.add(1, "customer-1");
            assertThat(HeldProfiles.contains(1, "customer-1")).isTrue();
            assertThat(HeldProfiles.contains(2, "customer-1")).as("another application's profile").isFalse();
            assertThat(HeldProfiles.contains(1, "customer-2")).isFalse();
        });
        transactions.executeWithoutResult(status -> {
            assertThat(HeldProfiles.contains(1, "customer-1")).as("after the commit").isFalse();
            HeldProfiles.add(1, "customer-1");
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status ->
                assertThat(HeldProfiles.contains(1, "customer-1")).as("after the rollback").isFalse());
    }

    @Test
    void outsideATransactionNothingIsHeld() {
        HeldProfiles.add(1, "customer-1");
        assertThat(HeldProfiles.contains(1, "customer-1")).isFalse();
    }
}
