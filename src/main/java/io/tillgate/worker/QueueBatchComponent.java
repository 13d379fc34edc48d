package io.tillgate.worker;

import io.tillgate.broker.OwnConnections;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Map;

/**
 * The Camel component {@code queue-batches:<queue>}: consumes a JMS queue a batch at a time, in one local JMS
 * transaction per batch, for routes whose step processes a {@code List<QueuedMessage>} (in one database
 * transaction, for the worker) and answers a {@code List<JobResult>}, one per message up to the first to retry. Camel's own JMS consumer takes one message per
 * transaction; at one database commit and one journal sync per request, those commits were most of the
 * worker's cost.
 */
@Component("queue-batches")
public class QueueBatchComponent extends DefaultComponent {
    private final OwnConnections connections;
    private final Clock clock;

    public QueueBatchComponent(OwnConnections connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
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
}
