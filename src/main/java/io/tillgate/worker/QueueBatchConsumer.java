package io.tillgate.worker;

import io.tillgate.fulfil.SessionEvent;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Takes what waits in the queue, up to a batch, hands it to the route as one exchange and settles the batch by
 * the route's answer, in one JMS transaction: the session events the results carry are published, dead letters
 * are sent and the batch acknowledged together, or, if any request is to be retried or the route failed, the
 * whole batch goes back to the queue (the requests applied before the failure are then found processed, and
 * their events are published then). The consumer waits out the retry's delay itself, holding the batch, and
 * only then rolls back: a broker's redelivery delay would set the batch aside and deliver the messages behind
 * it meanwhile, so a transaction's void could overtake its purchase (seen in CrashRecoveryTest). Held, the
 * batch keeps its groups' later messages waiting, and goes back to the head of the queue in order. The route's
 * database transaction has committed before the JMS one: a crash in between redelivers work that is already
 * done, never loses it, and publishes its events then.
 */
class QueueBatchConsumer extends DefaultConsumer {
    /** The dead-letter properties an operator reads (and replays by): why, after how many attempts, when. */
    static final String FAILURE_REASON = "tillgateFailureReason";
    static final String ATTEMPTS = "tillgateAttempts";
    static final String FAILED_AT = "tillgateFailedAt";
    /** The properties of the failed message a JMS message cannot carry, by name: left off the dead letter. */
    static final String DROPPED_PROPERTIES = "tillgateDroppedProperties";
    private static final Logger LOG = LoggerFactory.getLogger(QueueBatchConsumer.class);
    private static final long RECEIVE_TIMEOUT_MS = 500; // how soon a stopping route is noticed by an idle consumer
    private static final long RECONNECT_DELAY_MS = 1000; // doubled after each failed attempt in a row, up to the maximum
    private static final long MAX_RECONNECT_DELAY_MS = 30_000;

    private final QueueBatchEndpoint endpoint;
    private ExecutorService threads;

    QueueBatchConsumer(QueueBatchEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        threads = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "QueueBatch[" + endpoint.getQueue() + "]", endpoint.getConsumers());
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            threads.execute(this::consume);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (threads != null) { // the loops see isRunAllowed() turn false and finish their batch
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(threads);
            threads = null;
        }
        super.doStop();
    }

    private void consume() {
        int failedAttempts = 0;
        while (isRunAllowed()) {
            try (Connection connection = endpoint.getComponent().connections().open()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(endpoint.getQueue()));
                MessageProducer deadLetters = session.createProducer(session.createQueue(endpoint.getDeadLetterQueue()));
                deadLetters.setDeliveryMode(DeliveryMode.PERSISTENT);
                Publisher publisher = new Publisher(connection, session);
                failedAttempts = 0;
                while (isRunAllowed()) {
                    if (isSuspendingOrSuspended()) {
                        Thread.sleep(RECEIVE_TIMEOUT_MS);
                        continue;
                    }
                    List<Message> received = receive(consumer);
                    if (!received.isEmpty()) {
                        List<Message> batch = new ArrayList<>(received.size());
                        List<QueuedMessage> requests = new ArrayList<>(received.size());
                        List<String> unreadable = deadLetterUnreadable(session, deadLetters, received, batch, requests);
                        if (batch.isEmpty()) {
                            session.commit();
                            unreadable.forEach(LOG::error);
                        } else {
                            settle(session, deadLetters, publisher, batch, requests, process(requests), unreadable);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (JMSException | RuntimeException e) {
                if (!isRunAllowed()) {
                    return; // the broker went down with the application
                }
                endpoint.getEffects().failed(e);
                long delay = reconnectDelay(failedAttempts++);
                LOG.warn("consumer of {} lost its session (attempt {}), reconnecting in {} ms: {}", endpoint.getQueue(),
                        failedAttempts, delay, e.toString());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** 1 s, 2 s, 4 s, … up to 30 s: a broker that stays away is not asked four times a second, nor logged so. */
    static long reconnectDelay(int failedAttempts) {
        return Math.min(RECONNECT_DELAY_MS << Math.min(failedAttempts, 16), MAX_RECONNECT_DELAY_MS);
    }

    /** Waits for one message, then takes what else is already there, up to a batch. */
    private List<Message> receive(MessageConsumer consumer) throws JMSException {
        Message first = consumer.receive(RECEIVE_TIMEOUT_MS);
        if (first == null) {
            return Collections.emptyList();
        }
        List<Message> batch = new ArrayList<>(endpoint.getBatchSize());
        batch.add(first);
        Message next;
        while (batch.size() < endpoint.getBatchSize() && (next = consumer.receiveNoWait()) != null) {
            batch.add(next);
        }
        return batch;
    }

    /**
     * Reads each message once, for the route and for settling the batch, into {@code batch} and {@code requests};
     * a message that cannot be read (a property or body the JMS client refuses) is dead-lettered at once, in
     * this transaction, instead of failing the session again on every delivery. Returns what to log once the
     * transaction commits.
     */
    private List<String> deadLetterUnreadable(Session session, MessageProducer deadLetters, List<Message> received,
                                              List<Message> batch, List<QueuedMessage> requests) throws JMSException {
        List<String> unreadable = new ArrayList<>();
        for (Message m : received) {
            try {
                requests.add(new QueuedMessage(m.getStringProperty(endpoint.getIdProperty()), properties(m), text(m),
                        m.getIntProperty("JMSXDeliveryCount")));
                batch.add(m);
            } catch (JMSException | RuntimeException e) {
                String reason = "the message cannot be read: " + e;
                deadLetters.send(deadLetter(session, m, readableText(m), reason, 1));
                unreadable.add("message " + m.getJMSMessageID() + " moved to " + endpoint.getDeadLetterQueue() + ": " + reason);
            }
        }
        return unreadable;
    }

    /** The route's results, one per request up to the first to retry; null when the route failed. */
    @SuppressWarnings("unchecked")
    private List<JobResult> process(List<QueuedMessage> requests) {
        int size = requests.size();
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(requests);
            exchange.setProperty(QueueBatchEndpoint.RETRY_POLICY, endpoint.getRetryPolicy());
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                LOG.warn("a batch of {} from {} failed and goes back to the queue: {}", size, endpoint.getQueue(),
                        exchange.getException().toString());
                return null;
            }
            return exchange.getMessage().getMandatoryBody(List.class);
        } catch (Exception e) {
            LOG.warn("a batch of {} from {} failed and goes back to the queue: {}", size, endpoint.getQueue(), e.toString());
            return null;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void settle(Session session, MessageProducer deadLetters, Publisher publisher, List<Message> batch,
                        List<QueuedMessage> requests, List<JobResult> results, List<String> unreadable) throws JMSException {
        boolean complete = results != null && results.size() == batch.size();
        RuntimeException retried = null;
        List<String> deadLettered = new ArrayList<>(unreadable);
        for (int i = 0; results != null && i < results.size(); i++) {
            QueuedMessage request = requests.get(i);
            String jobId = request.id();
            int attempt = request.attempt();
            JobResult result = results.get(i);
            if (result instanceof JobResult.DeadLettered dead) {
                deadLetters.send(deadLetter(session, batch.get(i), request.body(), dead.reason(), attempt));
                deadLettered.add("job " + jobId + " moved to " + endpoint.getDeadLetterQueue() + " after " + attempt
                        + " attempt(s): " + dead.reason());
            } else if (result instanceof JobResult.Retry retry) {
                complete = false;
                retried = retry.cause();
                LOG.warn("job {} failed (attempt {}); it and the {} after it in its batch go back to the queue: {}", jobId,
                        attempt, batch.size() - i - 1, retry.cause().toString());
            }
        }
        if (complete) {
            int published = publisher.publish(results);
            session.commit();
            endpoint.getEffects().committed(published);
            deadLettered.forEach(LOG::error);
        } else {
            if (retried != null) {
                endpoint.getEffects().retried(retried);
            } else {
                endpoint.getEffects().failed(new IllegalStateException("the route failed"));
            }
            waitBeforeRetry(requests, results);
            session.rollback();
        }
    }

    /**
     * Publishes the events of a batch about to commit: a job processed now sends its events in the batch's
     * transaction; a job found processed sends its events again at once, each on its own, before them. Not in
     * the transaction: a copy the broker already has (its first publication committed, and the job came again
     * all the same) would fail the whole transaction, not just be dropped, and so fail the batch on every
     * delivery.
     */
    private final class Publisher {
        private final Session transacted;
        private final MessageProducer inTransaction;
        private final Session immediate;
        private final MessageProducer again;

        Publisher(Connection connection, Session transacted) throws JMSException {
            this.transacted = transacted;
            this.inTransaction = producer(transacted);
            this.immediate = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            this.again = producer(immediate);
        }

        private MessageProducer producer(Session session) throws JMSException {
            MessageProducer producer = session.createProducer(session.createTopic(endpoint.getEffects().address()));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            return producer;
        }

        /** Returns how many events were sent. */
        int publish(List<JobResult> results) throws JMSException {
            int sent = 0;
            Set<String> inTransactionIds = new HashSet<>();
            for (JobResult result : results) {
                if (result instanceof JobResult.Applied applied) {
                    for (SessionEvent event : applied.events()) {
                        inTransaction.send(endpoint.getEffects().message(transacted, event));
                        inTransactionIds.add(event.eventId());
                        sent++;
                    }
                }
            }
            for (JobResult result : results) {
                if (result instanceof JobResult.AlreadyProcessed processed) {
                    for (SessionEvent event : processed.events()) {
                        // a job queued twice and processed in this batch: its copy goes out with the transaction
                        if (!inTransactionIds.contains(event.eventId())) {
                            again.send(endpoint.getEffects().message(immediate, event));
                            sent++;
                        }
                    }
                }
            }
            return sent;
        }
    }

    /**
     * The attempt of the request to retry, which ends the route's results, says how long (the batch's first
     * request's when the route failed as a whole).
     */
    private void waitBeforeRetry(List<QueuedMessage> requests, List<JobResult> results) {
        int failed = results == null || results.isEmpty() ? 0 : results.size() - 1;
        try {
            Thread.sleep(endpoint.getRetryPolicy().backoff(requests.get(failed).attempt()).toMillis());
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt(); // stopping: the rollback that follows returns the batch at once
        }
    }

    /** A copy of the message (its text and its properties: group, job id, credential) and why it failed. */
    private Message deadLetter(Session session, Message original, String body, String reason, int attempt) throws JMSException {
        TextMessage copy = session.createTextMessage(body == null ? "" : body);
        List<String> dropped = new ArrayList<>();
        for (Object property : Collections.list(original.getPropertyNames())) {
            String name = (String) property;
            if (!name.startsWith("JMSX") || name.equals("JMSXGroupID")) {
                try {
                    copy.setObjectProperty(name, original.getObjectProperty(name));
                } catch (JMSException | RuntimeException notJms) { // a name or value JMS refuses, such as "x-y"
                    dropped.add(name);
                }
            }
        }
        if (!dropped.isEmpty()) {
            copy.setStringProperty(DROPPED_PROPERTIES, String.join(",", dropped));
        }
        copy.setStringProperty(FAILURE_REASON, reason);
        copy.setStringProperty(ATTEMPTS, String.valueOf(attempt));
        copy.setStringProperty(FAILED_AT, OffsetDateTime.now(endpoint.getComponent().clock()).withOffsetSameInstant(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MILLIS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return copy;
    }

    /** The message's own properties (not the JMSX ones the broker sets), as text. */
    private static Map<String, String> properties(Message message) throws JMSException {
        Map<String, String> properties = new HashMap<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            if (!((String) name).startsWith("JMSX")) {
                Object value = message.getObjectProperty((String) name);
                if (value != null) {
                    properties.put((String) name, value.toString());
                }
            }
        }
        return Map.copyOf(properties);
    }

    /** The body of a message that could not be read, as far as it can be; null when not at all. */
    private static String readableText(Message message) {
        try {
            return text(message);
        } catch (JMSException | RuntimeException unreadable) { // the reason the message is dead-lettered says why
            return null;
        }
    }

    /** The body of a text message, or of a bytes message as UTF-8; null for any other kind. */
    private static String text(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        if (message instanceof BytesMessage bytes) {
            byte[] content = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(content);
            bytes.reset();
            return new String(content, StandardCharsets.UTF_8);
        }
        return null;
    }
}
