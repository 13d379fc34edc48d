package io.tillgate.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.broker.BrokerProperties;
import io.tillgate.broker.OwnConnections;
import io.tillgate.engine.json.Json;
import io.tillgate.store.AcceptedJob;
import io.tillgate.store.Outcome;
import io.tillgate.store.PosRequestStore;
import io.tillgate.store.TransactionStore;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /api/2.0/jobs/{job_id}}: what became of a request the gateway accepted, for the client that sent it:
 * {@code queued} (waiting, or being retried), {@code processed} (its outcome, as the transaction view shows it) or
 * {@code dead_lettered} (why, after how many attempts; an operator may replay it). Another client's job, and one
 * whose request is older than the idempotency retention, are not found: the claim that says whose a job is has
 * been forgotten.
 */
@Component("jobQuery")
public class JobQuery {
    /** As the door answers job ids: a UUID, lower case. */
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private final PosProperties properties;
    private final Clock clock;
    private final PosClients clients;
    private final PosRequestStore requests;
    private final TransactionStore transactions;
    private final OwnConnections connections;
    private final BrokerProperties broker;

    public JobQuery(PosClients clients, PosRequestStore requests, TransactionStore transactions,
                    OwnConnections connections, BrokerProperties broker, PosProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.clients = clients;
        this.requests = requests;
        this.transactions = transactions;
        this.connections = connections;
        this.broker = broker;
    }

    public void view(Exchange exchange) {
        Optional<PosProperties.Client> client = clients.authenticate(exchange.getMessage().getHeader("Authorization", String.class));
        if (client.isEmpty()) {
            PosIngress.unauthorized(exchange);
            return;
        }
        String raw = PosIngress.pathParameter(exchange.getMessage(), "job_id");
        String jobId = raw == null ? null : raw.toLowerCase(Locale.ROOT); // a UUID in capitals is the same UUID
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            PosIngress.replyBody(exchange, 400, PosReplies.error("invalid_value", "job_id",
                    "job_id is the job id send_transaction answered: a UUID such as 6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"));
            return;
        }
        Instant kept = clock.instant().minus(properties.idempotencyRetention());
        Optional<AcceptedJob> job = requests.job(jobId)
                .filter(j -> j.credential().equals(client.get().key()) && !j.receivedAt().isBefore(kept));
        if (job.isEmpty()) {
            PosIngress.replyBody(exchange, 404, PosReplies.error("not_found", "job_id", "client '" + client.get().key()
                    + "' has no job '" + jobId + "' (jobs are kept as long as their request ids, tillgate.pos.idempotency-retention)"));
            return;
        }
        if (!client.get().mayPostFor(job.get().storeId())) {
            PosIngress.forbiddenToRead(exchange, client.get(), job.get().storeId());
            return;
        }
        PosIngress.replyBody(exchange, 200, render(job.get()).toString());
    }

    private ObjectNode render(AcceptedJob job) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("job_id", job.jobId())
                .put("store_id", job.storeId())
                .put("transaction_id", job.transactionId())
                .put("client_id", job.clientId())
                .put("request_id", job.requestId())
                .put("received_at", job.receivedAt().toString());
        Optional<Outcome> outcome = transactions.outcome(job.jobId());
        if (outcome.isPresent()) {
            body.put("status", "processed").set("outcome", TransactionQuery.outcome(outcome.get()));
            return body;
        }
        Optional<Message> dead = deadLetter(job.jobId());
        if (dead.isPresent()) {
            try {
                body.put("status", "dead_lettered").putObject("dead_letter")
                        .put("reason", dead.get().getStringProperty("tillgateFailureReason"))
                        .put("attempts", attempts(dead.get().getStringProperty("tillgateAttempts")))
                        .put("failed_at", dead.get().getStringProperty("tillgateFailedAt"));
            } catch (JMSException e) {
                throw JmsUtils.convertJmsAccessException(e);
            }
            return body;
        }
        return body.put("status", "queued");
    }

    /** The attempts a dead letter records, as a number; null if it records none a number can say. */
    private static Integer attempts(String recorded) {
        try {
            return recorded == null ? null : Integer.valueOf(recorded);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** The job's message in the dead-letter queue, if it is there (the id is a UUID: nothing to escape). */
    private Optional<Message> deadLetter(String jobId) {
        try (Connection connection = connections.open();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(broker.deadLetterQueue()),
                     PosIngress.JOB_ID_HEADER + " = '" + jobId + "'")) {
            Enumeration<?> found = browser.getEnumeration();
            return found.hasMoreElements() ? Optional.of((Message) found.nextElement()) : Optional.empty();
        } catch (JMSException e) {
            throw JmsUtils.convertJmsAccessException(e);
        }
    }
}
