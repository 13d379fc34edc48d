package io.tillgate.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.broker.BrokerProperties;
import io.tillgate.broker.OwnConnections;
import io.tillgate.ingress.PosIngress;
import io.tillgate.engine.json.Json;
import io.tillgate.operators.OperatorAudit;
import io.tillgate.engine.web.BoundedBody;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /actuator/deadletters}: what sits in the dead-letter queue and why (GET, viewers); replay (POST,
 * operators) of {@code {"jobId": "…"}} or {@code {"all": true}}: the messages move back to the transaction queue
 * in one JMS transaction, keeping their job id (so work that did commit is not done twice) and their group;
 * discard (DELETE, operators) of {@code ?jobId=…} or {@code ?all=true}: the messages are dropped for good.
 * Everything else is refused, so that a misspelt job id never acts on every dead letter. Replays and discards
 * are audited.
 */
@RestController
@RequestMapping("/actuator/deadletters")
public class DeadLetters {
    private static final int SHOWN = 100;
    private static final int MAX_BODY = 4096;
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

    /** Which dead letters an operator meant: one job's, or all of them, said explicitly. */
    private record Selection(String jobId) {
        static final Selection ALL = new Selection(null);

        String selector() {
            return jobId == null ? null : PosIngress.JOB_ID_HEADER + " = '" + jobId.replace("'", "''") + "'";
        }

        String target() {
            return jobId == null ? "all" : jobId;
        }
    }

    @GetMapping
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

    /** A request that does not say exactly which dead letters: answered with its status and the field at fault. */
    static final class Refused extends RuntimeException {
        private final int status;
        private final String field;

        Refused(int status, String field, String message) {
            super(message);
            this.status = status;
            this.field = field;
        }
    }

    @ExceptionHandler(Refused.class)
    ResponseEntity<Map<String, Object>> refused(Refused refused) {
        return ResponseEntity.status(refused.status).body(Map.of("status", refused.status, "field", refused.field,
                "error", refused.getMessage()));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> replay(HttpServletRequest http) throws JMSException, IOException {
        byte[] body = BoundedBody.read(http, MAX_BODY); // never more than that read into memory
        if (body == null) {
            throw new Refused(413, "$", "the body exceeds " + MAX_BODY + " bytes");
        }
        JsonNode request;
        try {
            request = Json.parse(body);
        } catch (IOException | RuntimeException notJson) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            throw new Refused(400, "$", "the body must be {\"jobId\": \"…\"} or {\"all\": true}");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        request.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().isTextual() || f.getValue().isBoolean()
                ? f.getValue().asText() : null));
        Selection selection = select(fields);
        try {
            int moved = moveBack(selection);
            audit.record("deadletters.replay", selection.target(), "replayed", "count=" + moved);
            return ResponseEntity.ok(Map.of("replayed", moved));
        } catch (JMSException | RuntimeException e) {
            audit.record("deadletters.replay", selection.target(), "failed");
            throw e;
        }
    }

    @DeleteMapping
    public ResponseEntity<Map<String, Object>> discard(@RequestParam Map<String, String> parameters) throws JMSException {
        Selection selection = select(parameters);
        int dropped = 0;
        try (Connection connection = connections.open();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(broker.deadLetterQueue()), selection.selector())) {
            for (Message m = consumer.receive(500); m != null; m = consumer.receive(200)) {
                dropped++;
            }
            session.commit();
        } catch (JMSException | RuntimeException e) {
            audit.record("deadletters.discard", selection.target(), "failed");
            throw e;
        }
        audit.record("deadletters.discard", selection.target(), "discarded", "count=" + dropped);
        return ResponseEntity.ok(Map.of("discarded", dropped));
    }

    /** Exactly one of {@code jobId} (not blank) or {@code all=true}; anything else is a 400 naming the field. */
    private static Selection select(Map<String, String> fields) {
        for (String name : fields.keySet()) {
            if (!Set.of("jobId", "all").contains(name)) {
                throw new Refused(400, name, "unknown field '" + name + "': give jobId, or all=true for every dead letter");
            }
        }
        String jobId = fields.get("jobId");
        boolean all = "true".equals(fields.get("all"));
        if (fields.containsKey("all") && !all) {
            throw new Refused(400, "all", "all must be true, or left out");
        }
        if (all && fields.containsKey("jobId")) {
            throw new Refused(400, "jobId", "give jobId or all=true, not both");
        }
        if (all) {
            return Selection.ALL;
        }
        if (jobId == null || jobId.isBlank() || jobId.length() > 200) {
            throw new Refused(400, "jobId", "jobId (at most 200 characters) or all=true is required");
        }
        return new Selection(jobId);
    }

    private int moveBack(Selection selection) throws JMSException {
        int moved = 0;
        try (Connection connection = connections.open();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(broker.deadLetterQueue()), selection.selector());
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
