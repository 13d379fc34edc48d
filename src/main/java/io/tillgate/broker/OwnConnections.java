package io.tillgate.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Connections of their own, outside the pool: for operator actions (browsing, replaying dead letters),
 * where starting and stopping a pooled connection would start and stop the one the worker consumes on,
 * and for the effects publisher, which keeps one transacted session.
 */
@Component
public class OwnConnections {
    private final ConnectionFactory direct;

    public OwnConnections(ConnectionFactory connectionFactory) {
        this.direct = connectionFactory instanceof JmsPoolConnectionFactory pool
                && pool.getConnectionFactory() instanceof ConnectionFactory target ? target : connectionFactory;
    }

    /** A started connection, for consuming and browsing. */
    public Connection open() throws JMSException {
        Connection connection = direct.createConnection();
        connection.start();
        return connection;
    }

    /** A connection that is not started: enough for sending. */
    public Connection openForSending() throws JMSException {
        return direct.createConnection();
    }
}
