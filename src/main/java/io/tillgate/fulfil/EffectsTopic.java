package io.tillgate.fulfil;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.store.DatabaseOutage;
import io.tillgate.engine.json.Json;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The multicast address {@code tillgate.effects} as the worker publishes to it: each session event one persistent
 * text message, whose properties repeat the event's ids for selectors. The worker sends a batch's events in the
 * JMS transaction that consumed the batch, so they reach the broker exactly when the batch's requests leave the
 * queue; a redelivered request whose work had committed sends its events again, and the broker's duplicate
 * detection ({@code _AMQ_DUPL_ID}, the event id) drops those it already has.
 * <p>
 * Also what the health component {@code effectsPublishing} reads: batches that fail to commit, and so publish
 * nothing, since when and why.
 */
@Component("effectsTopic")
public class EffectsTopic {
    /** Artemis's message property for duplicate detection, {@code _AMQ_DUPL_ID}. */
    private static final String DUPLICATE_ID = org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID.toString();
    /** A batch that fails once and commits on its retry (the database gone for a moment) is no failure to report. */
    private static final int REPORTED_AFTER = 2;
    private static final Logger LOG = LoggerFactory.getLogger(EffectsTopic.class);

    private final String address;
    private final Counter published;
    private final Clock clock;
    private PublishFailure failure;

    public EffectsTopic(MeterRegistry meters, @Value("${tillgate.effects.address}") String address, Clock clock) {
        this.address = address;
        this.published = meters.counter("tillgate.effects.published");
        this.clock = clock;
    }

    public String address() {
        return address;
    }

    /** The event as its message: the JSON body, the ids as properties, the event id as the duplicate id. */
    public Message message(Session session, SessionEvent e) throws JMSException {
        TextMessage m = session.createTextMessage(Json.write(e));
        m.setStringProperty(DUPLICATE_ID, e.eventId());
        m.setStringProperty("eventId", e.eventId());
        m.setStringProperty("eventType", e.eventType());
        m.setStringProperty("storeId", e.storeId());
        m.setStringProperty("transactionId", e.transactionId());
        m.setStringProperty("customerSessionId", e.customerSessionId());
        if (e.profileId() != null) {
            m.setStringProperty("profileId", e.profileId());
        }
        if (e.state() != null) {
            m.setStringProperty("state", e.state());
        }
        if (e.reason() != null) {
            m.setStringProperty("reason", e.reason());
        }
        return m;
    }

    /**
     * A batch committed with {@code events} of its own: they are on the broker. Only a batch that published
     * something shows that publishing works again: one without events commits even while the address refuses.
     */
    public synchronized void committed(int events) {
        published.increment(events);
        if (events == 0) {
            return;
        }
        if (failure != null && failure.attempts() >= REPORTED_AFTER) {
            LOG.info("publishing effects works again after {} failed batches since {}", failure.attempts(), failure.since());
        }
        failure = null;
    }

    /**
     * A batch went back to the queue because one of its requests is to be retried. Only a database that fails
     * every request keeps the batches' events from going out: a request that fails on its own (its data, a session
     * busy for a moment) is retried and then dead-lettered, and the health component {@code transactionQueue}
     * shows that.
     */
    public void retried(RuntimeException cause) {
        if (DatabaseOutage.causedBy(cause)) {
            failed(cause);
        }
    }

    /** A batch did not commit because the route or the broker failed: its events did not go out. */
    public synchronized void failed(Exception cause) {
        Instant now = clock.instant();
        failure = failure == null ? new PublishFailure(now, 1, cause.toString())
                : new PublishFailure(failure.since(), failure.attempts() + 1, cause.toString());
    }

    /** The failure that has lasted since the last batch that committed, once it has lasted a retry. */
    public synchronized Optional<PublishFailure> failure() {
        return Optional.ofNullable(failure).filter(f -> f.attempts() >= REPORTED_AFTER);
    }

    /** Batches have failed {@code attempts} times in a row since {@code since}; {@code error} is the last cause. */
    public record PublishFailure(Instant since, int attempts, String error) {
    }
}
