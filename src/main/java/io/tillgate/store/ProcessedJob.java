package io.tillgate.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A job whose outcome is recorded: where and when it was processed, the effects it produced and its events
 * ({@code null} for an outcome recorded before events were kept with it, whose events went through the outbox).
 */
public record ProcessedJob(String storeId, String transactionId, String requestId, Instant processedAt,
                           JsonNode effects, OutcomeEvents events) {
}
