package io.tillgate.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** {@code tillgate.broker.*}: queue names and the redelivery policy of the transaction queue. */
@ConfigurationProperties("tillgate.broker")
public record BrokerProperties(@DefaultValue("tillgate.transactions") String transactionQueue,
                               @DefaultValue("tillgate.transactions.DLQ") String deadLetterQueue,
                               @DefaultValue("5") int maxAttempts,
                               @DefaultValue("1s") Duration redeliveryDelay,
                               @DefaultValue("30s") Duration maxRedeliveryDelay) {
}
