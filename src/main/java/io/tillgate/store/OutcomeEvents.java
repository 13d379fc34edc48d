package io.tillgate.store;

import java.util.List;

/**
 * The events an outcome published, as stored with it: the profile they name and, per event in order, its
 * type, the state it left (null for a rejection), how many of the outcome's effects are its own, and a
 * rejection's reason. With the outcome's time and
 * effects this is each event again, for a redelivery whose first publication may not have reached the broker.
 */
public record OutcomeEvents(String profileId, List<Entry> events) {
    public OutcomeEvents {
        events = List.copyOf(events);
    }

    public record Entry(String eventType, String state, int effects, String reason) {
    }
}
