package io.tillgate.worker;

import io.tillgate.fulfil.EffectsTopic;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code queue-batches:<queue>?consumers=&batchSize=&deadLetterQueue=&idProperty=&retryPolicy=#bean&effects=#bean}: see {@link QueueBatchComponent}.
 * Consume only; sending goes through the {@code jms} component.
 */
public class QueueBatchEndpoint extends DefaultEndpoint {
    /** The exchange property holding the endpoint's {@link RetryPolicy}, for the route's step. */
    public static final String RETRY_POLICY = "queueBatchesRetryPolicy";
    private final String queue;
    private int consumers = 4;
    private int batchSize = 50;
    private String deadLetterQueue;
    private String idProperty;
    private RetryPolicy retryPolicy;
    private EffectsTopic effects;

    QueueBatchEndpoint(String uri, QueueBatchComponent component, String queue) {
        super(uri, component);
        this.queue = queue;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("queue-batches only consumes; send with the jms component");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (deadLetterQueue == null || deadLetterQueue.isBlank()) {
            throw new IllegalArgumentException(getEndpointUri() + ": deadLetterQueue is required");
        }
        if (idProperty == null || idProperty.isBlank()) {
            throw new IllegalArgumentException(getEndpointUri() + ": idProperty is required");
        }
        if (retryPolicy == null) {
            throw new IllegalArgumentException(getEndpointUri() + ": retryPolicy is required (a bean: #name)");
        }
        if (effects == null) {
            throw new IllegalArgumentException(getEndpointUri() + ": effects is required (a bean: #name)");
        }
        QueueBatchConsumer consumer = new QueueBatchConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public QueueBatchComponent getComponent() {
        return (QueueBatchComponent) super.getComponent();
    }

    public String getQueue() {
        return queue;
    }

    /** Concurrent consumers, each with its own connection and transacted session. */
    public int getConsumers() {
        return consumers;
    }

    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    /** The most messages in one batch; a batch is what is waiting, never waited for. */
    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public String getDeadLetterQueue() {
        return deadLetterQueue;
    }

    public void setDeadLetterQueue(String deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }

    /** The message property that identifies a message: its id for the route, and in the logs. */
    public String getIdProperty() {
        return idProperty;
    }

    public void setIdProperty(String idProperty) {
        this.idProperty = idProperty;
    }

    /** When a failed message is dead-lettered, and how long its batch waits before it goes back to the queue. */
    public RetryPolicy getRetryPolicy() {
        return retryPolicy;
    }

    public void setRetryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = retryPolicy;
    }

    /** Where the events the route's results carry are published, in the batch's JMS transaction. */
    public EffectsTopic getEffects() {
        return effects;
    }

    public void setEffects(EffectsTopic effects) {
        this.effects = effects;
    }
}
