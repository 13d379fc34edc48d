package io.tillgate.offers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code tillgate.offers.*}. {@code lockTimeout}: how long a locked offer stays bound to its transaction when
 * nothing finalizes or unlocks it; longer than the longest a queued transaction can wait to be processed, or a
 * finalize that waited finds its offer free for others (the README says how to choose it).
 */
@ConfigurationProperties("tillgate.offers")
public record OfferProperties(@DefaultValue("30m") Duration lockTimeout) {
    public OfferProperties {
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("tillgate.offers.lock-timeout must be positive, not " + lockTimeout);
        }
    }
}
