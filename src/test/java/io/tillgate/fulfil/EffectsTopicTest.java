package io.tillgate.fulfil;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tillgate.engine.EngineException;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** What the health component effectsPublishing reads: failures that last a retry, cleared by events that went out. */
class EffectsTopicTest {
    private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EffectsTopic topic = new EffectsTopic(meters, "tillgate.effects", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aFailureIsReportedOnceItHasLastedARetryAndUntilEventsGoOutAgain() {
        topic.failed(new IllegalStateException("address full"));
        assertThat(topic.failure()).as("one failed batch may be a moment's").isEmpty();
        topic.failed(new IllegalStateException("address full again"));
        assertThat(topic.failure()).hasValueSatisfying(f -> {
            assertThat(f.since()).isEqualTo(NOW);
            assertThat(f.attempts()).isEqualTo(2);
            assertThat(f.error()).isEqualTo("java.lang.IllegalStateException: address full again");
        });
        topic.committed(0); // a batch without events commits even while the address refuses
        assertThat(topic.failure()).isPresent();
        topic.committed(3);
        assertThat(topic.failure()).isEmpty();
        assertThat(meters.counter("tillgate.effects.published").count()).isEqualTo(3.0);
    }

    @Test
    void aRequestRetriedForReasonsOfItsOwnIsNoFailureOfPublishingButADatabaseThatFailsEveryOneIs() {
        topic.retried(EngineException.busy("the session is being updated by another request; retry"));
        topic.retried(new UncheckedIOException(new IOException("a stored original that cannot be read")));
        topic.retried(new UncheckedIOException(new IOException("a stored original that cannot be read")));
        assertThat(topic.failure()).isEmpty();
        topic.retried(new CannotGetJdbcConnectionException("the database is unreachable"));
        topic.retried(new CannotGetJdbcConnectionException("the database is unreachable"));
        assertThat(topic.failure()).hasValueSatisfying(f -> assertThat(f.attempts()).isEqualTo(2));
    }
}
