package io.tillgate.ingress;

import io.tillgate.engine.store.CouponHoldStore;
import io.tillgate.store.OfferCallStore;
import io.tillgate.store.PosRequestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Forgets request ids (send_transaction's and the offer calls') older than the idempotency retention, and offer locks
 * that expired longer ago than it, once an hour.
 */
@Component
public class RequestRetention {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRetention.class);
    private final PosRequestStore requests;
    private final OfferCallStore offerCalls;
    private final CouponHoldStore holds;
    private final PosProperties properties;
    private final Clock clock;

    public RequestRetention(PosRequestStore requests, OfferCallStore offerCalls, CouponHoldStore holds,
                            PosProperties properties, Clock clock) {
        this.requests = requests;
        this.offerCalls = offerCalls;
        this.holds = holds;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${tillgate.pos.purge-interval:1h}", initialDelayString = "${tillgate.pos.purge-interval:1h}")
    public void purge() {
        var cutoff = clock.instant().minus(properties.idempotencyRetention());
        int purged = requests.purgeReceivedBefore(cutoff) + offerCalls.purgeReceivedBefore(cutoff);
        int locks = holds.purgeLocksExpiredBefore(cutoff);
        if (locks > 0) {
            LOG.info("forgot {} offer locks that expired before {}", locks, cutoff);
        }
        if (purged > 0) {
            LOG.info("forgot {} request ids older than {}", purged, properties.idempotencyRetention());
        }
    }
}
