package io.tillgate.fulfil;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tillgate.broker.OwnConnections;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.sql.Timestamps;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Publishes, once at start-up, the session events an earlier version left in its outbox ({@code effect_outbox}),
 * oldest first, before the worker starts: they are older than anything the worker will publish, and a
 * transaction's events must arrive in order. Each row is deleted in the database transaction that locked it,
 * after the broker has taken it. A crash in between publishes it again: the broker drops the copy by its
 * duplicate id, except for a row the earlier version itself had published before it stopped (its messages
 * carried no duplicate id), which consumers drop by its {@code eventId}, as they always could.
 * Nothing writes the table any more.
 */
@Component
public class OutboxDrain implements SmartInitializingSingleton {
    private static final int BATCH = 200;
    private static final TypeReference<List<Effect>> EFFECTS = new TypeReference<>() {
    };
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDrain.class);

    private record Pending(long id, SessionEvent event) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final OwnConnections connections;
    private final EffectsTopic topic;

    OutboxDrain(JdbcClient jdbc, TransactionTemplate transactions, OwnConnections connections, EffectsTopic topic) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.connections = connections;
        this.topic = topic;
    }

    /**
     * Fails the start when the broker will not take them: the worker must not publish a transaction's later
     * events before its earlier ones. An empty outbox, the case but once, costs one query.
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (jdbc.sql("SELECT COUNT(*) FROM effect_outbox").query(Long.class).single() == 0) {
            return;
        }
        int total = 0;
        try (Connection connection = connections.openForSending()) {
            // not transacted: a copy the broker already has is dropped on its own, where it would fail a transaction
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(topic.address()));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            int sent;
            do {
                sent = transactions.execute(status -> publishBatch(session, producer));
                total += sent;
            } while (sent == BATCH);
        } catch (JMSException | RuntimeException e) {
            throw new IllegalStateException("the outbox of an earlier version holds session events that could not be "
                    + "published (" + total + " were); start again when the broker takes them", e);
        }
        LOG.info("published {} session events left in the outbox by an earlier version", total);
    }

    private int publishBatch(Session session, MessageProducer producer) {
        List<Pending> batch = jdbc.sql("""
                        SELECT id, event_id, event_type, occurred_at, store_id, transaction_id, session_id, profile_id, state, effects
                          FROM effect_outbox ORDER BY id FETCH FIRST %d ROWS ONLY FOR UPDATE""".formatted(BATCH))
                .query((rs, n) -> new Pending(rs.getLong(1), new SessionEvent(rs.getString(2).trim(), rs.getString(3),
                        Timestamps.instant(rs, 4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), Json.read(rs.getString(10), EFFECTS), null, null, null, List.of())))
                .list();
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            for (Pending p : batch) {
                producer.send(topic.message(session, p.event()));
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        jdbc.sql("DELETE FROM effect_outbox WHERE id IN (:ids)").param("ids", batch.stream().map(Pending::id).toList()).update();
        topic.committed(batch.size());
        return batch.size();
    }
}
