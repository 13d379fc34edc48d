package io.tillgate.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.broker.BrokerProperties;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

import java.util.Collections;

/**
 * Message counts of tillgate's queues, for health and metrics: read from the embedded broker directly, or
 * by browsing (up to {@value #BROWSE_CAP} messages) on an external broker.
 */
@Component
public class QueueDepths {
    static final int BROWSE_CAP = 100_000;
    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final JmsTemplate jms;
    private final BrokerProperties broker;

    public QueueDepths(ObjectProvider<EmbeddedActiveMQ> embedded, JmsTemplate jms, BrokerProperties broker,
                       MeterRegistry meters) {
        this.embedded = embedded;
        this.jms = jms;
        this.broker = broker;
        Gauge.builder("tillgate.queue.messages", this, d -> d.count(broker.transactionQueue()))
                .tag("queue", broker.transactionQueue()).description("messages waiting or in delivery")
                .register(meters);
        Gauge.builder("tillgate.queue.messages", this, d -> d.count(broker.deadLetterQueue()))
                .tag("queue", broker.deadLetterQueue()).description("messages that failed every attempt")
                .register(meters);
    }

    public long deadLetters() {
        return count(broker.deadLetterQueue());
    }

    public long waiting() {
        return count(broker.transactionQueue());
    }

    long count(String queueName) {
        EmbeddedActiveMQ server = embedded.getIfAvailable();
        if (server != null && server.getActiveMQServer() != null) {
            Queue queue = server.getActiveMQServer().locateQueue(SimpleString.of(queueName));
            return queue == null ? 0 : queue.getMessageCount();
        }
        Integer browsed = jms.browse(queueName, (session, browser) -> {
            int n = 0;
            for (var e = browser.getEnumeration(); e.hasMoreElements() && n < BROWSE_CAP; e.nextElement()) {
                n++;
            }
            return n;
        });
        return browsed == null ? 0 : browsed;
    }
}
