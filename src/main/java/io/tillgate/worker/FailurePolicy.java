package io.tillgate.worker;

import io.tillgate.broker.BrokerProperties;
import org.apache.camel.Exchange;
import io.tillgate.store.DatabaseOutage;
import org.springframework.stereotype.Component;

/**
 * Decides, for the route configuration {@code worker-errors}, whether a failed message goes to the
 * dead-letter queue now: at once when it can never succeed, after {@code max-attempts} for other
 * failures, and never while the database is unreachable (the message waits in the queue, retried
 * every {@code max-redelivery-delay}, and processing resumes by itself when the database is back).
 */
@Component("failurePolicy")
public class FailurePolicy {
    private final int maxAttempts;

    public FailurePolicy(BrokerProperties broker) {
        this.maxAttempts = broker.maxAttempts();
    }

    public boolean deadLetter(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof PoisonMessageException) {
            return true;
        }
        if (DatabaseOutage.causedBy(failure)) {
            return false;
        }
        Integer attempts = exchange.getMessage().getHeader("JMSXDeliveryCount", Integer.class);
        return attempts != null && attempts >= maxAttempts;
    }
}
