package io.tillgate.engine.lifecycle;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.HashSet;
import java.util.Set;

/**
 * The profiles the current transaction has locked for good (outside any savepoint that could still roll
 * back): a session update in the same transaction need not touch them again, one UPDATE less per request
 * of a worker batch. Forgotten when the transaction ends.
 */
final class HeldProfiles {
    private HeldProfiles() {
    }

    static void add(long applicationId, String profileId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return; // no transaction: the lock ended with the statement
        }
        @SuppressWarnings("unchecked")
        Set<String> held = (Set<String>) TransactionSynchronizationManager.getResource(HeldProfiles.class);
        if (held == null) {
            Set<String> created = new HashSet<>();
            TransactionSynchronizationManager.bindResource(HeldProfiles.class, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(HeldProfiles.class);
                }
            });
            held = created;
        }
        held.add(key(applicationId, profileId));
    }

    static boolean contains(long applicationId, String profileId) {
        Object held = TransactionSynchronizationManager.getResource(HeldProfiles.class);
        return held instanceof Set<?> set && set.contains(key(applicationId, profileId));
    }

    private static String key(long applicationId, String profileId) {
        return applicationId + "/" + profileId;
    }
}
