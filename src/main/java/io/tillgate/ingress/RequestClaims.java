package io.tillgate.ingress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.store.PosRequestStore;
import io.tillgate.store.RequestKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The door's idempotency check, which writes nothing: the key's row, which the worker records with the job's
 * work, answers for processed requests; for requests queued and not yet processed, the door remembers what
 * it queued, for {@code tillgate.pos.claim-memory} (10 minutes). So a request costs the door a read instead
 * of a commit that had to reach the disk before the answer.
 * <p>
 * What the memory cannot know, the worker still catches: a key reused with other content while the first
 * request waits in the queue longer than the memory lasts, or after a restart, or at another instance, is
 * accepted here and recorded {@code REJECTED} with {@code request_id_conflict} when its turn comes. A
 * resend of the same content is the same job wherever it arrives ({@link RequestKey#jobIdFor}).
 */
@Component
public class RequestClaims {
    private final PosRequestStore requests;
    private final Duration retention;
    private final Duration memory;
    private final Map<RequestKey, Queued> queued = new ConcurrentHashMap<>();
    private final Queue<Map.Entry<RequestKey, Queued>> byAge = new ConcurrentLinkedQueue<>();

    public RequestClaims(PosRequestStore requests, PosProperties properties,
                         @Value("${tillgate.pos.claim-memory}") Duration memory, MeterRegistry meters) {
        this.requests = requests;
        this.retention = properties.idempotencyRetention();
        this.memory = memory;
        Gauge.builder("tillgate.pos.claims.remembered", queued, Map::size)
                .description("requests the door queued and remembers, for its answer to a resend").register(meters);
    }

    /** A request the door queued: its content, and when. */
    private record Queued(String fingerprint, Instant at) {
    }

    /** The claim on the key for this content, taken in the door's memory when it is fresh. */
    public RequestClaim claim(RequestKey key, String fingerprint, Instant now) {
        Optional<PosRequestStore.Seen> seen = requests.find(key).filter(s -> !s.receivedAt().isBefore(now.minus(retention)));
        if (seen.isPresent()) {
            PosRequestStore.Seen s = seen.get();
            if (!s.fingerprint().equals(fingerprint)) {
                return new RequestClaim.Conflict();
            }
            return s.processed() ? new RequestClaim.Processed(s.jobId()) : new RequestClaim.Waiting(s.jobId());
        }
        forgetOlderThan(now.minus(memory));
        Queued mine = new Queued(fingerprint, now);
        Queued held = queued.putIfAbsent(key, mine);
        if (held == null) {
            byAge.add(Map.entry(key, mine));
            return new RequestClaim.Fresh(key.jobIdFor(fingerprint));
        }
        return held.fingerprint().equals(fingerprint) ? new RequestClaim.Waiting(key.jobIdFor(fingerprint))
                : new RequestClaim.Conflict();
    }

    /** The broker did not take a fresh request: the key is free again for any content. */
    public void release(RequestKey key, String fingerprint) {
        queued.computeIfPresent(key, (k, q) -> q.fingerprint().equals(fingerprint) ? null : q);
    }

    private void forgetOlderThan(Instant cutoff) {
        for (Map.Entry<RequestKey, Queued> oldest; (oldest = byAge.peek()) != null && oldest.getValue().at().isBefore(cutoff); ) {
            if (byAge.remove(oldest)) {
                queued.remove(oldest.getKey(), oldest.getValue());
            }
        }
    }
}
