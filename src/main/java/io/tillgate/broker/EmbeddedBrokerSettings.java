package io.tillgate.broker;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker's policy for the transaction queue: delayed, growing redelivery, and a dead-letter
 * queue as a backstop. The worker route moves a message to the dead-letter queue itself after
 * {@code max-attempts}, with the reason; the broker's own limit sits one attempt later and only acts if
 * that move failed.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedBrokerSettings {

    @Bean
    ArtemisConfigurationCustomizer tillgateAddressSettings(BrokerProperties broker) {
        return configuration -> {
            AddressSettings settings = new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(broker.deadLetterQueue()))
                    .setMaxDeliveryAttempts(broker.maxAttempts() + 1)
                    .setRedeliveryDelay(broker.redeliveryDelay().toMillis())
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(broker.maxRedeliveryDelay().toMillis());
            configuration.addAddressSetting(broker.transactionQueue(), settings);
            configuration.addAddressConfiguration(new CoreAddressConfiguration()
                    .setName(broker.deadLetterQueue())
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(broker.deadLetterQueue())
                            .setRoutingType(RoutingType.ANYCAST)));
        };
    }
}
