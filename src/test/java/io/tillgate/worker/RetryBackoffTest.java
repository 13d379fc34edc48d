package io.tillgate.worker;

import io.tillgate.broker.BrokerProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {
    private final RetryPolicy policy = new WorkerRetryPolicy(
            new BrokerProperties("tillgate.transactions", "tillgate.transactions.DLQ", 5, Duration.ofSeconds(1), Duration.ofSeconds(30)));

    @Test
    void aFailedBatchWaitsTheRedeliveryDelayDoubledWithEachAttemptUpToTheMaximum() {
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.backoff(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoff(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aConsumerThatCannotReachTheBrokerWaitsLongerAfterEachFailedAttemptUpTo30Seconds() {
        assertThat(QueueBatchConsumer.reconnectDelay(0)).isEqualTo(1_000);
        assertThat(QueueBatchConsumer.reconnectDelay(1)).isEqualTo(2_000);
        assertThat(QueueBatchConsumer.reconnectDelay(4)).isEqualTo(16_000);
        assertThat(QueueBatchConsumer.reconnectDelay(5)).isEqualTo(30_000);
        assertThat(QueueBatchConsumer.reconnectDelay(Integer.MAX_VALUE)).isEqualTo(30_000);
    }
}
