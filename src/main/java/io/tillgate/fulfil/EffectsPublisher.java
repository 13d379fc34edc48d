package io.tillgate.fulfil;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.json.Json;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.TextMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;

/**
 * Publishes the outbox to the multicast address {@code tillgate.effects}, oldest first (so a
 * transaction's events arrive in order), as persistent text messages whose properties repeat the event's
 * ids for selectors. Called by the route {@code effects-outbox}.
 */
@Component("effectsPublisher")
public class EffectsPublisher {
    private final EffectsOutbox outbox;
    private final JmsTemplate topic;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String address;
    private final Counter published;

    public EffectsPublisher(EffectsOutbox outbox, ConnectionFactory connectionFactory, TransactionTemplate transactions,
                            Clock clock, MeterRegistry meters, @Value("${tillgate.effects.address}") String address) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.address = address;
        this.topic = new JmsTemplate(connectionFactory);
        topic.setPubSubDomain(true);
        topic.setExplicitQosEnabled(true);
        topic.setDeliveryMode(DeliveryMode.PERSISTENT);
        this.published = meters.counter("tillgate.effects.published");
        Gauge.builder("tillgate.effects.pending", outbox, EffectsOutbox::pendingCount)
                .description("session events not yet on the effects topic").register(meters);
    }

    /** Publishes what is pending, a batch at a time; returns how many events went out. */
    public int publishPending() {
        int total = 0;
        while (true) {
            Integer sent = transactions.execute(status -> {
                List<EffectsOutbox.Pending> batch = outbox.lockPending(200);
                for (EffectsOutbox.Pending p : batch) {
                    send(p.event());
                    outbox.published(p.id(), clock.instant());
                }
                return batch.size();
            });
            total += sent;
            published.increment(sent);
            if (sent < 200) {
                return total;
            }
        }
    }

    private void send(SessionEvent e) {
        topic.send(address, session -> {
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
        });
    }
}
