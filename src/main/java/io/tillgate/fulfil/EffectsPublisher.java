package io.tillgate.fulfil;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.broker.OwnConnections;
import io.tillgate.engine.json.Json;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Publishes the outbox to the multicast address {@code tillgate.effects}, oldest first (so a
 * transaction's events arrive in order), as persistent text messages whose properties repeat the event's
 * ids for selectors. Called by the route {@code effects-outbox}, on one thread.
 * <p>
 * A batch goes out in one JMS transaction, committed before the database marks it published: one journal
 * sync per batch instead of one per event. A crash between the two commits publishes the batch again, with
 * the same event ids; nothing leaves the outbox that the broker does not have.
 */
@Component("effectsPublisher")
public class EffectsPublisher implements DisposableBean {
    private static final int BATCH = 200;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration REPORT_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(EffectsPublisher.class);

    private final EffectsOutbox outbox;
    private final OwnConnections connections;
    private final TransactionTemplate transactions;
    private final String address;
    private final Counter published;
    private Connection connection;
    private Session session;
    private MessageProducer producer;
    private final Clock clock;
    private PublishFailure failure;
    private Instant nextAttempt = Instant.MIN;

    public EffectsPublisher(EffectsOutbox outbox, OwnConnections connections, TransactionTemplate transactions,
                            MeterRegistry meters, @Value("${tillgate.effects.address}") String address, Clock clock) {
        this.clock = clock;
        this.outbox = outbox;
        this.connections = connections;
        this.transactions = transactions;
        this.address = address;
        this.published = meters.counter("tillgate.effects.published");
        Gauge.builder("tillgate.effects.pending", outbox, EffectsOutbox::pendingCount)
                .description("session events not yet on the effects topic").register(meters);
    }

    /**
     * Publishes what is pending, a batch at a time; returns how many events went out. While the database or
     * the broker fails, the polls back off (100 ms, doubling, up to 5 s) and the failure is logged once when
     * it starts, once a minute while it lasts and once when it ends: a poll every 100 ms must not write a stack
     * trace every 100 ms. The failure is the health component {@code effectsPublishing}'s (DOWN while it lasts).
     */
    public synchronized int publishPending() {
        Instant now = clock.instant();
        if (failure != null && now.isBefore(nextAttempt)) {
            return 0;
        }
        int total = 0;
        try {
            while (true) {
                Integer sent = transactions.execute(status -> publishBatch());
                total += sent;
                published.increment(sent);
                if (sent < BATCH) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            failed(now, e);
            return total;
        }
        if (failure != null) {
            LOG.info("publishing effects works again after {} failed attempts since {}", failure.attempts(), failure.since());
            failure = null;
        }
        return total;
    }

    private void failed(Instant now, RuntimeException e) {
        if (failure == null) {
            LOG.warn("publishing effects failed; retrying with a growing delay, up to {} s", MAX_BACKOFF.toSeconds(), e);
            failure = new PublishFailure(now, 1, e.toString(), now);
        } else {
            boolean report = !now.isBefore(failure.reportedAt().plus(REPORT_EVERY));
            failure = new PublishFailure(failure.since(), failure.attempts() + 1, e.toString(), report ? now : failure.reportedAt());
            if (report) {
                LOG.warn("publishing effects still fails: {} attempts since {}; last: {}", failure.attempts(), failure.since(), e.toString());
            }
        }
        long delay = Math.min(FIRST_BACKOFF.toMillis() << Math.min(failure.attempts() - 1, 20), MAX_BACKOFF.toMillis());
        nextAttempt = now.plusMillis(delay);
    }

    /** The failure that has lasted since the last poll that worked, if any. */
    public synchronized Optional<PublishFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Publishing has failed {@code attempts} times in a row since {@code since}; {@code error} is the last cause. */
    public record PublishFailure(Instant since, int attempts, String error, Instant reportedAt) {
    }

    private int publishBatch() {
        List<EffectsOutbox.Pending> batch = outbox.lockPending(BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            Session s = session();
            for (EffectsOutbox.Pending p : batch) {
                producer.send(message(s, p.event()));
            }
            s.commit();
        } catch (JMSException e) {
            close(); // the next call starts over with a new connection; the batch stays pending
            throw JmsUtils.convertJmsAccessException(e);
        }
        outbox.published(batch.stream().map(EffectsOutbox.Pending::id).toList());
        return batch.size();
    }

    private Session session() throws JMSException {
        if (session == null) {
            try {
                connection = connections.openForSending();
                session = connection.createSession(true, Session.SESSION_TRANSACTED);
                producer = session.createProducer(session.createTopic(address));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            } catch (JMSException e) {
                close();
                throw e;
            }
        }
        return session;
    }

    private static TextMessage message(Session session, SessionEvent e) throws JMSException {
        TextMessage m = session.createTextMessage(Json.write(e));
        m.setStringProperty("eventId", e.eventId());
        m.setStringProperty("eventType", e.eventType());
        m.setStringProperty("storeId", e.storeId());
        m.setStringProperty("transactionId", e.transactionId());
        m.setStringProperty("customerSessionId", e.customerSessionId());
        if (e.profileId() != null) {
            m.setStringProperty("profileId", e.profileId());
        }
        m.setStringProperty("state", e.state());
        return m;
    }

    private void close() {
        if (connection != null) {
            try {
                connection.close(); // closes the session and rolls back what it had not committed
            } catch (JMSException e) {
                LOG.debug("closing the publisher's broker connection failed: {}", e.toString());
            }
        }
        connection = null;
        session = null;
        producer = null;
    }

    @Override
    public synchronized void destroy() {
        close();
    }
}
