package io.tillgate.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * {@code tillgate.broker.tcp.*} and {@code tillgate.broker.users}: the embedded broker's TCP acceptor
 * (CORE, AMQP and STOMP) and who may connect. Role {@code gateway} may do anything (tillgate's own
 * connections); role {@code effects-reader} may only consume from the effects address.
 */
@ConfigurationProperties("tillgate.broker")
public record BrokerAccess(@DefaultValue Tcp tcp, List<User> users) {

    public BrokerAccess {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record Tcp(@DefaultValue("true") boolean enabled, @DefaultValue("0.0.0.0") String host,
                      @DefaultValue("61616") int port, @DefaultValue Tls tls) {
    }

    /**
     * {@code tillgate.broker.tcp.tls.*}: with a key store, the acceptor speaks TLS only (CORE, AMQP and STOMP
     * alike); consumers connect with {@code sslEnabled=true} and trust its certificate.
     */
    public record Tls(String keyStore, String keyStorePassword, @DefaultValue("PKCS12") String keyStoreType) {
        public boolean enabled() {
            return keyStore != null && !keyStore.isBlank();
        }
    }

    public record User(String name, String password, List<String> roles) {
        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
