package io.tillgate.store;

import io.tillgate.pos.FieldError;

import java.util.List;

/**
 * The events an outcome published, as stored with it: the profile they name and, per event in order, its
 * type, the state it left (null for a rejection), how many of the outcome's effects are its own, and a
 * rejection's reason, and the warnings every event carries (none in outcomes recorded before events carried them).
 * With the outcome's time and effects this is each event again, for a redelivery whose first publication may not
 * have reached the broker.
 */
public record OutcomeEvents(String profileId, List<Entry> events, List<FieldError> warnings) {
    public OutcomeEvents {
        events = List.copyOf(events);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public record Entry(String eventType, String state, int effects, String reason) {
    }
}
