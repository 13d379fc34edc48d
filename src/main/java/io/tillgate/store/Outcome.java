package io.tillgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.pos.FieldError;

import java.time.Instant;
import java.util.List;

/** One processed request: the plan's operation, its details, and what validation warned about. */
public record Outcome(String jobId, String requestId, String clientId, Instant modifiedTime, String operation,
                      String reason, JsonNode plan, List<FieldError> warnings, Instant processedAt) {
}
