package io.tillgate.ops;

import io.tillgate.fulfil.EffectsTopic;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code effectsPublishing}: DOWN while the worker's batches fail to commit, so
 * that their effects are not published: a database that accepts a connection but fails every statement, a broker
 * that refuses the worker's transaction. What the worker itself meets, not a probe of its own; a batch that fails
 * once and commits on its retry does not count, nor does a request retried for reasons of its own (see
 * {@code transactionQueue} for those that end dead-lettered). UP again once a batch publishes events.
 */
@Component("effectsPublishing")
public class EffectsHealth implements HealthIndicator {
    private final EffectsTopic topic;

    public EffectsHealth(EffectsTopic topic) {
        this.topic = topic;
    }

    @Override
    public Health health() {
        return topic.failure()
                .map(f -> Health.down().withDetail("failingSince", f.since().toString())
                        .withDetail("attempts", f.attempts()).withDetail("error", f.error()).build())
                .orElseGet(() -> Health.up().build());
    }
}
