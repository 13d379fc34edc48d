package io.tillgate.ops;

import io.tillgate.broker.BrokerProperties;
import io.tillgate.ingress.PosIngress;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/deadletters}: what sits in the dead-letter queue and why (GET), and replay (POST,
 * optionally {@code {"jobId": "…"}}): the messages move back to the transaction queue in one JMS
 * transaction, keeping their job id (so work that did commit is not done twice) and their group.
 */
@Component
@Endpoint(id = "deadletters")
public class DeadLetters {
    private static final int SHOWN = 100;
    private final JmsTemplate jms;
    private final BrokerProperties broker;

    public DeadLetters(ConnectionFactory connectionFactory, BrokerProperties broker) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.broker = broker;
    }

    public record DeadLetter(String jobId, String reason, String attempts, String failedAt, String group, String messageId) {
    }

    @ReadOperation
    public Map<String, Object> list() {
        List<DeadLetter> letters = jms.browse(broker.deadLetterQueue(), (session, browser) -> {
            List<DeadLetter> found = new ArrayList<>();
            for (var e = browser.getEnumeration(); e.hasMoreElements() && found.size() < SHOWN; ) {
                Message m = (Message) e.nextElement();
                found.add(new DeadLetter(m.getStringProperty(PosIngress.JOB_ID_HEADER), m.getStringProperty("tillgateFailureReason"),
                        m.getStringProperty("tillgateAttempts"), m.getStringProperty("tillgateFailedAt"),
                        m.getStringProperty("JMSXGroupID"), m.getJMSMessageID()));
            }
            return found;
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shown", letters == null ? 0 : letters.size());
        body.put("messages", letters == null ? Collections.emptyList() : letters);
        return body;
    }

    @WriteOperation
    public Map<String, Object> replay(@Nullable String jobId) {
        String selector = jobId == null ? null : PosIngress.JOB_ID_HEADER + " = '" + jobId.replace("'", "''") + "'";
        Integer moved = jms.execute(session -> move(session, selector), true);
        return Map.of("replayed", moved == null ? 0 : moved);
    }

    private int move(Session session, String selector) throws JMSException {
        int moved = 0;
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(broker.deadLetterQueue()), selector);
             MessageProducer producer = session.createProducer(session.createQueue(broker.transactionQueue()))) {
            for (Message m = consumer.receive(500); m != null; m = consumer.receive(200)) {
                TextMessage copy = session.createTextMessage(m.getBody(String.class));
                copy.setStringProperty(PosIngress.JOB_ID_HEADER, m.getStringProperty(PosIngress.JOB_ID_HEADER));
                if (m.getStringProperty("JMSXGroupID") != null) {
                    copy.setStringProperty("JMSXGroupID", m.getStringProperty("JMSXGroupID"));
                }
                producer.send(copy);
                moved++;
            }
        }
        session.commit();
        return moved;
    }
}
