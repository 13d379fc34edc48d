package io.tillgate.translate;

import io.tillgate.engine.session.SessionState;
import java.time.Instant;
import java.util.List;

/**
 * What tillgate remembers of a transaction's session: its state, the cart as the session holds it (with
 * returned units), and the {@code modified_time} and content fingerprint of the stored original.
 */
public record StoredSession(SessionState state, Instant modifiedTime, String fingerprint, List<CartLine> cart) {
}
