package io.tillgate.ops;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code transactionQueue}: how many POS requests wait, and how many
 * sit in the dead-letter queue. Dead letters need an operator but do not stop the gateway, so the
 * status stays UP and the count is in the details.
 */
@Component("transactionQueue")
public class DeadLetterHealth implements HealthIndicator {
    private final QueueDepths depths;

    public DeadLetterHealth(QueueDepths depths) {
        this.depths = depths;
    }

    @Override
    public Health health() {
        try {
            return Health.up().withDetail("waiting", depths.waiting()).withDetail("deadLetters", depths.deadLetters()).build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }
}
