package io.tillgate.ops;

import io.tillgate.fulfil.EffectsPublisher;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code effectsPublishing}: DOWN while publishing the outbox fails. The outbox
 * is polled every 100 ms, reading the database and writing to the broker, so this is what the gateway itself
 * meets, not a probe of its own: a database that accepts a connection but fails every statement shows here.
 */
@Component("effectsPublishing")
public class EffectsHealth implements HealthIndicator {
    private final EffectsPublisher publisher;

    public EffectsHealth(EffectsPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Health health() {
        return publisher.failure()
                .map(f -> Health.down().withDetail("failingSince", f.since().toString())
                        .withDetail("attempts", f.attempts()).withDetail("error", f.error()).build())
                .orElseGet(() -> Health.up().build());
    }
}
