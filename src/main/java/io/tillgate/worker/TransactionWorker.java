package io.tillgate.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.fulfil.EffectsOutbox;
import io.tillgate.fulfil.Fulfilment;
import io.tillgate.fulfil.SessionEvent;
import io.tillgate.fulfil.SessionFulfiller;
import io.tillgate.fulfil.SessionFulfiller.Customer;
import io.tillgate.ingress.PosIngress;
import io.tillgate.json.Fingerprint;
import io.tillgate.json.Json;
import io.tillgate.pos.ArithmeticPolicy;
import io.tillgate.pos.FieldError;
import io.tillgate.pos.SendTransaction;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.pos.ValidationResult;
import io.tillgate.store.Outcome;
import io.tillgate.store.PosRequestStore;
import io.tillgate.store.RequestKey;
import io.tillgate.store.TransactionRecord;
import io.tillgate.store.TransactionStore;
import io.tillgate.translate.Catalog;
import io.tillgate.translate.MappingFile;
import io.tillgate.translate.Plan;
import io.tillgate.translate.SessionMapping;
import io.tillgate.translate.StoreMappings;
import io.tillgate.translate.Translation;
import io.tillgate.translate.Translator;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The worker route's step: queued requests, each translated against its stored original, carried out on
 * the engine, recorded, and its session events written to the outbox, a batch in one database transaction.
 * A job id already recorded is a redelivery of committed work and changes nothing.
 */
@Component("transactionWorker")
public class TransactionWorker {
    // Arithmetic was judged at the door; here its findings are only recomputed as warnings for the outcome.
    private final SendTransactionReader reader = new SendTransactionReader(ArithmeticPolicy.WARN);
    private final TransactionStore store;
    private final PosRequestStore requests;
    private final MappingFile<Catalog> catalog;
    private final MappingFile<StoreMappings> stores;
    private final MappingFile<SessionMapping> sessions;
    private final Applications applications;
    private final SessionFulfiller fulfiller;
    private final EffectsOutbox outbox;
    private final TransactionTemplate transactions;
    private final TransactionTemplate savepoint;
    private final FailurePolicy failures;
    private final MeterRegistry meters;
    private final Clock clock;

    public TransactionWorker(TransactionStore store, PosRequestStore requests, MappingFile<Catalog> catalog, MappingFile<StoreMappings> stores,
                             MappingFile<SessionMapping> sessions, Applications applications, SessionFulfiller fulfiller, EffectsOutbox outbox,
                             TransactionTemplate transactions, FailurePolicy failures, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.requests = requests;
        this.catalog = catalog;
        this.stores = stores;
        this.sessions = sessions;
        this.applications = applications;
        this.fulfiller = fulfiller;
        this.outbox = outbox;
        this.transactions = transactions;
        this.savepoint = new TransactionTemplate(transactions.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.failures = failures;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * The route's step: the batch in one database transaction, each request in a savepoint of its own, so
     * that one that fails leaves the others' work intact. Stops at the first request to retry: the ones
     * after it may belong to the same transaction and must not overtake it. The customers' profiles are
     * locked first, in one order: concurrent batches share customers, and would otherwise deadlock.
     */
    public List<JobResult> processBatch(@Body List<QueuedRequest> batch) {
        List<Incoming> incoming = batch.stream().map(this::read).toList();
        List<JobResult> results = new ArrayList<>(batch.size());
        transactions.executeWithoutResult(status -> {
            Map<Customer, RuntimeException> unlocked = lockCustomers(incoming);
            for (Incoming request : incoming) {
                JobResult result = attempt(request, unlocked);
                results.add(result);
                if (result instanceof JobResult.Retry) {
                    return;
                }
            }
        });
        meters.summary("tillgate.worker.batch.size").record(batch.size());
        for (JobResult result : results) {
            if (result instanceof JobResult.Applied applied) {
                meters.counter("tillgate.worker.jobs", "operation", applied.operation()).increment();
            }
        }
        return results;
    }

    /**
     * A queued request, read: valid (with its store's application and the customer it serves, when there are), or
     * the reason it can never be processed. The application is looked up once, so that the customer locked for
     * the batch and the work done belong to the same one even if the mappings change in between.
     */
    private record Incoming(QueuedRequest queued, ValidationResult.Valid valid, JsonNode payload,
                            Optional<Applications.Application> app, Customer customer, PoisonMessageException poison) {
    }

    private Incoming read(QueuedRequest queued) {
        try {
            if (queued.jobId() == null || queued.jobId().isBlank()) {
                throw new PoisonMessageException("the message has no " + PosIngress.JOB_ID_HEADER + " property");
            }
            if (queued.body() == null) {
                throw new PoisonMessageException("the message has no text body");
            }
            JsonNode envelope;
            try {
                envelope = Json.parse(queued.body());
            } catch (RuntimeException e) {
                throw new PoisonMessageException("the message body is not JSON: " + e.getMessage());
            }
            if (!(reader.read(envelope) instanceof ValidationResult.Valid valid)) {
                throw new PoisonMessageException("the message is not a valid send_transaction request");
            }
            JsonNode payload = envelope.get("request_payload");
            Optional<Applications.Application> app = stores.current().applicationOf(valid.request().storeId())
                    .flatMap(applications::byId);
            Customer customer = app.flatMap(a -> Customer.of(a, payload, sessions.current())).orElse(null);
            return new Incoming(queued, valid, payload, app, customer, null);
        } catch (PoisonMessageException poison) {
            return new Incoming(queued, null, null, Optional.empty(), null, poison);
        }
    }

    /**
     * Locks the batch's customers in one order: a customer that cannot be locked (a lock held too long elsewhere)
     * fails the requests that serve it, which then retry or dead-letter as any failure.
     */
    private Map<Customer, RuntimeException> lockCustomers(List<Incoming> batch) {
        SortedSet<Customer> customers = new TreeSet<>();
        batch.stream().map(Incoming::customer).filter(Objects::nonNull).forEach(customers::add);
        Map<Customer, RuntimeException> unlocked = new HashMap<>();
        for (Customer customer : customers) {
            try {
                fulfiller.lockCustomer(customer);
            } catch (RuntimeException failure) {
                unlocked.put(customer, failure);
            }
        }
        return unlocked;
    }

    private JobResult attempt(Incoming request, Map<Customer, RuntimeException> unlocked) {
        try {
            RuntimeException lockFailure = request.customer() == null ? null : unlocked.get(request.customer());
            if (lockFailure != null) {
                throw lockFailure;
            }
            return new JobResult.Applied(savepoint.execute(status -> process(request)));
        } catch (RuntimeException failure) {
            return failures.deadLetter(failure, request.queued().attempt())
                    ? new JobResult.DeadLettered(FailurePolicy.reason(failure))
                    : new JobResult.Retry(failure);
        }
    }

    private String process(Incoming incoming) {
        if (incoming.poison() != null) {
            throw incoming.poison();
        }
        String jobId = incoming.queued().jobId();
        SendTransaction request = incoming.valid().request();
        List<FieldError> warnings = incoming.valid().warnings();
        boolean firstProcessing = confirm(incoming.queued().credential(), request, jobId);
        if (!firstProcessing && store.hasOutcome(jobId)) {
            return "ALREADY_PROCESSED";
        }
        try {
            return savepoint.execute(status -> apply(jobId, request, incoming.app(), incoming.payload(), warnings));
        } catch (EngineException refused) {
            // The engine refuses what retrying cannot change (a transition its state machine forbids):
            // the request is recorded as rejected, with the engine's words, and the original stays as it was.
            return reject(jobId, request, warnings, "engine_refused", refused.status() + " " + refused.getMessage());
        }
    }

    /**
     * Accepts the request's claim: a repeat of a processed request is answered from it, without queueing it again.
     * True when the claim was pending, which means the job is processed for the first time.
     */
    private boolean confirm(String credential, SendTransaction request, String jobId) {
        // a message put on the queue by hand has no claim to confirm
        return credential != null && requests.confirm(new RequestKey(credential, request.clientId(), request.requestId()), jobId);
    }

    private String apply(String jobId, SendTransaction request, Optional<Applications.Application> app, JsonNode payload,
                         List<FieldError> warnings) {
        String storeId = request.storeId();
        String transactionId = request.transaction().transactionId();
        if (app.isEmpty()) {
            return reject(jobId, request, warnings, "unmapped_store",
                    "store '" + storeId + "' maps to no engine application (mappings/stores.yaml)");
        }
        Optional<TransactionRecord> stored = store.loadForUpdate(storeId, transactionId);
        Translation translation = Translator.translate(stored.map(TransactionRecord::session), request.transaction(),
                Fingerprint.of(payload), catalog.current());
        Plan plan = translation.plan();
        String sessionId = TransactionRecord.sessionIdOf(storeId, transactionId);
        SessionMapping mapping = sessions.current();
        Fulfilment fulfilment = fulfiller.carryOut(app.get(), sessionId, plan, payload, mapping);
        Instant now = clock.instant();
        if (plan.replacesOriginal()) {
            TransactionRecord next = new TransactionRecord(storeId, transactionId, sessionId, payload, translation.next());
            if (stored.isPresent()) {
                store.update(next, now);
            } else {
                store.insert(next, now);
            }
        }
        for (int i = 0; i < fulfilment.steps().size(); i++) {
            Fulfilment.Step step = fulfilment.steps().get(i);
            outbox.add(new SessionEvent(eventId(jobId, i), step.eventType(), now, storeId, transactionId, sessionId,
                    mapping.profileOf(payload).orElse(null), step.state().wireName(), step.effects()));
        }
        String reason = plan instanceof Plan.Rejected rejected ? rejected.reason() : null;
        store.record(storeId, transactionId, new Outcome(jobId, request.requestId(), request.clientId(),
                request.transaction().modifiedTime(), plan.operation(), reason, details(plan), warnings, now,
                fulfilment.operation(), Json.MAPPER.valueToTree(fulfilment.effects())));
        return plan.operation();
    }

    /** Records the request as rejected; called only after {@link #process} found its job not yet processed. */
    private String reject(String jobId, SendTransaction request, List<FieldError> warnings, String reason, String detail) {
        Plan.Rejected plan = new Plan.Rejected(reason, detail);
        store.record(request.storeId(), request.transaction().transactionId(), new Outcome(jobId, request.requestId(),
                request.clientId(), request.transaction().modifiedTime(), plan.operation(), reason, details(plan), warnings,
                clock.instant(), null, Json.MAPPER.createArrayNode()));
        return plan.operation();
    }

    /** Stable across redeliveries: derived from the job, which is processed once, and the event's place in it. */
    private static String eventId(String jobId, int index) {
        return UUID.nameUUIDFromBytes((jobId + "/" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The plan as shown on the transactions endpoint: its fields, without the operation name repeated. */
    private static JsonNode details(Plan plan) {
        ObjectNode node = Json.MAPPER.valueToTree(plan);
        node.remove("operation");
        return node;
    }

}
