package io.tillgate.ops;

import io.tillgate.broker.BrokerProperties;
import io.tillgate.broker.OwnConnections;
import io.tillgate.ingress.PosIngress;
import io.tillgate.operators.OperatorAudit;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/deadletters}: what sits in the dead-letter queue and why (GET, viewers), replay (POST,
 * operators, optionally {@code {"jobId": "…"}}): the messages move back to the transaction queue in one JMS
 * transaction, keeping their job id (so work that did commit is not done twice) and their group; and
 * discard (DELETE, operators, {@code ?jobId=…} or all): the messages are dropped for good. Replays and
 * discards are audited.
 */
@Component
@Endpoint(id = "deadletters")
public class DeadLetters {
    private static final int SHOWN = 100;
    private final OwnConnections connections;
    private final BrokerProperties broker;

    private final OperatorAudit audit;

    public DeadLetters(OwnConnections connections, BrokerProperties broker, OperatorAudit audit) {
        this.connections = connections;
        this.broker = broker;
        this.audit = audit;
    }

    public record DeadLetter(String jobId, String reason, String attempts, String failedAt, String group, String messageId) {
    }

    @ReadOperation
    public Map<String, Object> list() throws JMSException {
        List<DeadLetter> found = new ArrayList<>();
        try (Connection connection = connections.open();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(broker.deadLetterQueue()))) {
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && found.size() < SHOWN; ) {
                Message m = (Message) e.nextElement();
                found.add(new DeadLetter(m.getStringProperty(PosIngress.JOB_ID_HEADER), m.getStringProperty("tillgateFailureReason"),
                        m.getStringProperty("tillgateAttempts"), m.getStringProperty("tillgateFailedAt"),
                        m.getStringProperty("JMSXGroupID"), m.getJMSMessageID()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shown", found.size());
        body.put("messages", found);
        return body;
    }

    @WriteOperation
    public Map<String, Object> replay(@Nullable String jobId) throws JMSException {
        try {
            int moved = moveBack(jobId);
            audit.record("deadletters.replay", jobId == null ? "all" : jobId, "replayed " + moved);
            return Map.of("replayed", moved);
        } catch (JMSException | RuntimeException e) {
            audit.record("deadletters.replay", jobId == null ? "all" : jobId, "failed");
            throw e;
        }
    }

    @DeleteOperation
    public Map<String, Object> discard(@Nullable String jobId) throws JMSException {
        int dropped = 0;
        try (Connection connection = connections.open();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(broker.deadLetterQueue()), selector(jobId))) {
            for (Message m = consumer.receive(500); m != null; m = consumer.receive(200)) {
                dropped++;
            }
            session.commit();
        } catch (JMSException | RuntimeException e) {
            audit.record("deadletters.discard", jobId == null ? "all" : jobId, "failed");
            throw e;
        }
        audit.record("deadletters.discard", jobId == null ? "all" : jobId, "discarded " + dropped);
        return Map.of("discarded", dropped);
    }

    private static String selector(@Nullable String jobId) {
        return jobId == null ? null : PosIngress.JOB_ID_HEADER + " = '" + jobId.replace("'", "''") + "'";
    }

    private int moveBack(@Nullable String jobId) throws JMSException {
        String selector = selector(jobId);
        int moved = 0;
        try (Connection connection = connections.open();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(broker.deadLetterQueue()), selector);
             MessageProducer producer = session.createProducer(session.createQueue(broker.transactionQueue()))) {
            for (Message m = consumer.receive(500); m != null; m = consumer.receive(200)) {
                TextMessage copy = session.createTextMessage(m.getBody(String.class));
                copy.setStringProperty(PosIngress.JOB_ID_HEADER, m.getStringProperty(PosIngress.JOB_ID_HEADER));
                if (m.getStringProperty(PosIngress.CREDENTIAL_HEADER) != null) {
                    copy.setStringProperty(PosIngress.CREDENTIAL_HEADER, m.getStringProperty(PosIngress.CREDENTIAL_HEADER));
                }
                if (m.getStringProperty("JMSXGroupID") != null) {
                    copy.setStringProperty("JMSXGroupID", m.getStringProperty("JMSXGroupID"));
                }
                producer.send(copy);
                moved++;
            }
            session.commit();
        }
        return moved;
    }
}
