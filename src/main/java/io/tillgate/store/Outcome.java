package io.tillgate.store;

import io.tillgate.translate.Operation;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.pos.FieldError;

import java.time.Instant;
import java.util.List;

/**
 * One processed request: the plan's operation and details, what validation warned about, and what the
 * engine did for it ({@code sessionOperation}, null when nothing) with the effects it produced.
 */
public record Outcome(String jobId, String requestId, String clientId, Instant modifiedTime, Operation operation,
                      String reason, JsonNode plan, List<FieldError> warnings, Instant processedAt,
                      String sessionOperation, JsonNode effects) {
}
