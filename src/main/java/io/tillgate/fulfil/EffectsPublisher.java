package io.tillgate.fulfil;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.broker.OwnConnections;
import io.tillgate.json.Json;
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

import java.util.List;

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
    private static final Logger LOG = LoggerFactory.getLogger(EffectsPublisher.class);

    private final EffectsOutbox outbox;
    private final OwnConnections connections;
    private final TransactionTemplate transactions;
    private final String address;
    private final Counter published;
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    public EffectsPublisher(EffectsOutbox outbox, OwnConnections connections, TransactionTemplate transactions,
                            MeterRegistry meters, @Value("${tillgate.effects.address}") String address) {
        this.outbox = outbox;
        this.connections = connections;
        this.transactions = transactions;
        this.address = address;
        this.published = meters.counter("tillgate.effects.published");
        Gauge.builder("tillgate.effects.pending", outbox, EffectsOutbox::pendingCount)
                .description("session events not yet on the effects topic").register(meters);
    }

    /** Publishes what is pending, a batch at a time; returns how many events went out. */
    public synchronized int publishPending() {
        int total = 0;
        while (true) {
            Integer sent = transactions.execute(status -> publishBatch());
            total += sent;
            published.increment(sent);
            if (sent < BATCH) {
                return total;
            }
        }
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
