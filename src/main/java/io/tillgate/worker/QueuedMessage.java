package io.tillgate.worker;

import java.util.Map;

/**
 * A message as {@code queue-batches} hands it to its route: its id (the property the route names with
 * {@code idProperty}), its other properties as text, its text body (a bytes body read as UTF-8; null for any other
 * kind) and which delivery this is (1 the first).
 */
public record QueuedMessage(String id, Map<String, String> properties, String body, int attempt) {
}
