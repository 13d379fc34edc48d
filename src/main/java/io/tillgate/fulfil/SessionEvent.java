package io.tillgate.fulfil;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tillgate.engine.session.Effect;
import io.tillgate.pos.FieldError;

import java.time.Instant;
import java.util.List;

/**
 * One message of the effects topic: what happened to a customer session because of a POS request, or
 * ({@code transaction.rejected}) that a request changed nothing, and why. {@code eventId} is fixed when the event
 * is first made, so a consumer can drop a copy; {@code jobId} and {@code requestId} name the request (null for
 * events an earlier version left in its outbox); {@code reason} is a rejection's, null otherwise; {@code warnings}
 * are the request's outcome's (an offer the engine could not honour, a POS amount that differs from the engine's, a
 * clock ahead), on each of its events.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SessionEvent(String eventId, String eventType, Instant occurredAt, String storeId, String transactionId,
                           String customerSessionId, String profileId, String state, List<Effect> effects,
                           String jobId, String requestId, String reason, List<FieldError> warnings) {
    public static final String REJECTED = "transaction.rejected";
}
