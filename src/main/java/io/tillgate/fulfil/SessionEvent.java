package io.tillgate.fulfil;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tillgate.engine.session.Effect;

import java.time.Instant;
import java.util.List;

/**
 * One message of the effects topic: what happened to a customer session because of a POS transaction.
 * {@code eventId} is fixed when the event is written, so a consumer can drop a redelivered copy.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SessionEvent(String eventId, String eventType, Instant occurredAt, String storeId, String transactionId,
                           String customerSessionId, String profileId, String state, List<Effect> effects) {
}
