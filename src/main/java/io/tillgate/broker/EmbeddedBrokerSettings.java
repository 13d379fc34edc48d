package io.tillgate.broker;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker: the transaction queue's redelivery (none delayed: the worker waits before it rolls a
 * batch back, so that redelivery keeps each transaction's order; its failure policy, not the broker, decides
 * when a message goes to the dead-letter queue), the TCP acceptor, and security.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedBrokerSettings {

    static final String GATEWAY_ROLE = "gateway";
    static final String EFFECTS_READER_ROLE = "effects-reader";

    @Bean
    ArtemisConfigurationCustomizer tillgateAddressSettings(BrokerProperties broker, BrokerAccess access,
                                                           @org.springframework.beans.factory.annotation.Value("${tillgate.effects.address}") String effects) {
        return configuration -> {
            if (access.tcp().enabled()) {
                configuration.addAcceptorConfiguration(tcpAcceptor(access.tcp()));
            }
            // Security is on: every connection, in-VM ones included, logs in (see BrokerSecurity).
            configuration.setSecurityEnabled(true);
            configuration.putSecurityRoles("#", java.util.Set.of(allOf(GATEWAY_ROLE)));
            configuration.putSecurityRoles(effects, java.util.Set.of(allOf(GATEWAY_ROLE),
                    new Role(EFFECTS_READER_ROLE, false, true, true, true, true, true, false, true, true, false)));
            AddressSettings settings = new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(broker.deadLetterQueue()))
                    .setMaxDeliveryAttempts(-1) // the worker's failure policy decides; a database outage must not exhaust attempts
                    .setRedeliveryDelay(0); // a delayed message is set aside and the ones behind it overtake it
            configuration.addAddressSetting(broker.transactionQueue(), settings);
            configuration.addAddressConfiguration(new CoreAddressConfiguration()
                    .setName(broker.deadLetterQueue())
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(broker.deadLetterQueue())
                            .setRoutingType(RoutingType.ANYCAST)));
        };
    }

    /**
     * An embedded broker whose TCP acceptor cannot listen fails its initialisation, starts over and then waits
     * for ever for the journal lock its first attempt still holds: a half-started gateway. So the port is tried
     * before the broker starts, and the start stopped with the reason: a second instance on one machine needs
     * its own {@code tillgate.broker.tcp.port}.
     */
    static void requireFreePort(BrokerAccess access) {
        if (!access.tcp().enabled()) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as the acceptor binds: a port in TIME_WAIT is free
            probe.bind(new java.net.InetSocketAddress(access.tcp().host(), access.tcp().port()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(cannotListen(access) + ": " + e.getMessage(), e);
        }
    }

    /** After the start, in case the port was taken in between: Artemis carries on without the acceptor. */
    static void requireListening(org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ server, BrokerAccess access) {
        if (!access.tcp().enabled()) {
            return;
        }
        var acceptor = server.getActiveMQServer().getRemotingService().getAcceptor("tcp");
        if (acceptor == null || !acceptor.isStarted() || !server.getActiveMQServer().isActive()) {
            throw new IllegalStateException(cannotListen(access));
        }
    }

    private static String cannotListen(BrokerAccess access) {
        return "the embedded broker cannot listen on " + access.tcp().host() + ":" + access.tcp().port()
                + " (tillgate.broker.tcp.port): is another tillgate or broker using that port? Give this instance a port of "
                + "its own (TILLGATE_BROKER_TCP_PORT), or tillgate.broker.tcp.enabled=false if nothing outside it consumes effects";
    }

    /** Given as parameters, not as a URI: a key store password may hold any character. */
    static org.apache.activemq.artemis.api.core.TransportConfiguration tcpAcceptor(BrokerAccess.Tcp tcp) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, tcp.host());
        params.put(TransportConstants.PORT_PROP_NAME, tcp.port());
        params.put(TransportConstants.PROTOCOLS_PROP_NAME, "CORE,AMQP,STOMP");
        if (tcp.tls().enabled()) {
            params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, tcp.tls().keyStore());
            params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, tcp.tls().keyStorePassword());
            params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, tcp.tls().keyStoreType());
        }
        return new org.apache.activemq.artemis.api.core.TransportConfiguration(
                org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory.class.getName(), params, "tcp");
    }

    private static Role allOf(String name) {
        return new Role(name, true, true, true, true, true, true, true, true, true, true);
    }

    /**
     * Gives the embedded broker its users before it starts: Spring Boot's embedded server would otherwise
     * start with an empty user list. Static, as a post-processor must be.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor brokerSecurity(
            org.springframework.beans.factory.ObjectProvider<BrokerAccess> access, org.springframework.core.env.Environment env) {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            /** Spring Boot's factory connects to an embedded broker without credentials; a secured broker needs them. */
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ server) {
                    requireListening(server, access.getObject());
                }
                if (bean instanceof org.messaginghub.pooled.jms.JmsPoolConnectionFactory pool
                        && pool.getConnectionFactory() instanceof org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory target) {
                    target.setUser(env.getProperty("spring.artemis.user"));
                    target.setPassword(env.getProperty("spring.artemis.password"));
                }
                return bean;
            }

            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ server) {
                    requireFreePort(access.getObject());
                    org.apache.activemq.artemis.core.config.impl.SecurityConfiguration users =
                            new org.apache.activemq.artemis.core.config.impl.SecurityConfiguration();
                    for (BrokerAccess.User user : access.getObject().users()) {
                        users.addUser(user.name(), user.password());
                        user.roles().forEach(role -> users.addRole(user.name(), role));
                    }
                    server.setSecurityManager(new org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager(
                            org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule.class.getName(), users));
                }
                return bean;
            }
        };
    }
}
