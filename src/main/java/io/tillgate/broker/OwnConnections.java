package io.tillgate.ops;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Connections of their own for operator actions (browsing, replaying dead letters). Starting and stopping
 * a pooled connection would start and stop the connection the worker consumes on.
 */
@Component
public class AdminConnections {
    private final ConnectionFactory direct;

    public AdminConnections(ConnectionFactory connectionFactory) {
        this.direct = connectionFactory instanceof JmsPoolConnectionFactory pool
                && pool.getConnectionFactory() instanceof ConnectionFactory target ? target : connectionFactory;
    }

    public Connection open() throws JMSException {
        Connection connection = direct.createConnection();
        connection.start();
        return connection;
    }
}
