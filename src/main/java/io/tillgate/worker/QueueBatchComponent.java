package io.tillgate.worker;

import io.tillgate.broker.BrokerProperties;
import io.tillgate.broker.OwnConnections;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The Camel component {@code queue-batches:<queue>}: consumes a JMS queue a batch at a time, in one local JMS
 * transaction per batch, for routes whose step processes a {@code List<QueuedRequest>} in one database
 * transaction and answers a {@code List<JobResult>}. Camel's own JMS consumer takes one message per
 * transaction; at one database commit and one journal sync per request, those commits were most of the
 * worker's cost.
 */
@Component("queue-batches")
public class QueueBatchComponent extends DefaultComponent {
    private final OwnConnections connections;
    private final Clock clock;
    private final BrokerProperties broker;

    public QueueBatchComponent(OwnConnections connections, Clock clock, BrokerProperties broker) {
        this.connections = connections;
        this.clock = clock;
        this.broker = broker;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        QueueBatchEndpoint endpoint = new QueueBatchEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    OwnConnections connections() {
        return connections;
    }

    Clock clock() {
        return clock;
    }

    /**
     * How long a batch that failed waits before it goes back to the queue: {@code redelivery-delay}, doubled with
     * each attempt of the request that failed, up to {@code max-redelivery-delay}.
     */
    Duration backoff(int attempt) {
        Duration delay = broker.redeliveryDelay();
        for (int i = 1; i < attempt && delay.compareTo(broker.maxRedeliveryDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(broker.maxRedeliveryDelay()) > 0 ? broker.maxRedeliveryDelay() : delay;
    }
}
