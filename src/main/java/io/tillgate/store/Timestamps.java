package io.tillgate.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants go to and come from {@code TIMESTAMP WITH TIME ZONE} columns as UTC offsets, on H2 and PostgreSQL alike. */
final class Timestamps {
    private Timestamps() {
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
