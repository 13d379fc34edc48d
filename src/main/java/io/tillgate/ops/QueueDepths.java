package io.tillgate.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.broker.BrokerProperties;
import io.tillgate.broker.OwnConnections;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;


/**
 * Message counts of tillgate's queues, for health and metrics: read from the embedded broker directly, or
 * by browsing (up to {@value #BROWSE_CAP} messages) on an external broker.
 */
@Component
public class QueueDepths {
    static final int BROWSE_CAP = 100_000;
    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final OwnConnections connections;
    private final BrokerProperties broker;

    public QueueDepths(ObjectProvider<EmbeddedActiveMQ> embedded, OwnConnections connections, BrokerProperties broker,
                       MeterRegistry meters) {
        this.embedded = embedded;
        this.connections = connections;
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
        try (jakarta.jms.Connection connection = connections.open();
             jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
             jakarta.jms.QueueBrowser browser = session.createBrowser(session.createQueue(queueName))) {
            int n = 0;
            for (var e = browser.getEnumeration(); e.hasMoreElements() && n < BROWSE_CAP; e.nextElement()) {
                n++;
            }
            return n;
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException("cannot browse " + queueName, e);
        }
    }
}
