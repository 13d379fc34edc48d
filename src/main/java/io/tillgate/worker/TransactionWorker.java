package io.tillgate.worker;

import io.tillgate.worker.QueuedRequests.Job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.session.Effect;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.fulfil.Fulfilment;
import io.tillgate.fulfil.Sale;
import io.tillgate.fulfil.SessionEvent;
import io.tillgate.fulfil.SessionFulfiller;
import io.tillgate.customers.CustomerResolver;
import io.tillgate.customers.Identity;
import io.tillgate.fulfil.SessionFulfiller.Customer;
import io.tillgate.engine.json.Json;
import io.tillgate.pos.FieldError;
import io.tillgate.pos.PosTransaction;
import io.tillgate.pos.SendTransaction;
import io.tillgate.store.Outcome;
import io.tillgate.store.OutcomeEvents;
import io.tillgate.store.ProcessedJob;
import io.tillgate.store.PosRequestStore;
import io.tillgate.store.RequestKey;
import io.tillgate.store.TransactionRecord;
import io.tillgate.store.TransactionStore;
import io.tillgate.translate.Catalog;
import io.tillgate.translate.DiscountsMode;
import io.tillgate.translate.MappingFile;
import io.tillgate.translate.Plan;
import io.tillgate.translate.SessionMapping;
import io.tillgate.translate.StoreMappings;
import io.tillgate.translate.Translation;
import io.tillgate.translate.Translator;
import io.tillgate.pos.AcceptedRequest;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import io.tillgate.ingress.PosProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The worker route's second step: the requests {@link QueuedRequests} read, each translated against its stored
 * original, carried out on the engine and recorded with its session events, a batch in one database transaction;
 * the events go back to the consumer, which publishes them in its JMS transaction. A job id already recorded is
 * a redelivery of committed work: it changes nothing, and its stored events are published again.
 */
@Component("transactionWorker")
public class TransactionWorker {
    private static final TypeReference<List<Effect>> EFFECTS = new TypeReference<>() {
    };
    /** The reason a {@code transaction.rejected} event gives for a request older than the stored original. */
    static final String STALE = "stale";
    private final TransactionStore store;
    private final PosRequestStore requests;
    private final MappingFile<Catalog> catalog;
    private final MappingFile<SessionMapping> sessions;
    private final MappingFile<StoreMappings> stores;
    private final SessionFulfiller fulfiller;
    private final CustomerResolver customers;
    private final TransactionTemplate transactions;
    private final TransactionTemplate savepoint;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration maxClockSkew;

    public TransactionWorker(TransactionStore store, PosRequestStore requests, MappingFile<Catalog> catalog,
                             MappingFile<SessionMapping> sessions, MappingFile<StoreMappings> stores,
                             SessionFulfiller fulfiller, CustomerResolver customers, TransactionTemplate transactions,
                             MeterRegistry meters, Clock clock, PosProperties pos) {
        this.store = store;
        this.requests = requests;
        this.catalog = catalog;
        this.sessions = sessions;
        this.stores = stores;
        this.fulfiller = fulfiller;
        this.customers = customers;
        this.transactions = transactions;
        this.savepoint = new TransactionTemplate(transactions.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.meters = meters;
        this.clock = clock;
        this.maxClockSkew = pos.maxClockSkew();
    }

    /**
     * The route's step: the batch in one database transaction, each request in a savepoint of its own, so
     * that one that fails leaves the others' work intact. Stops at the first request to retry: the ones
     * after it may belong to the same transaction and must not overtake it. The customers' profiles are
     * locked first, in one order: concurrent batches share customers, and would otherwise deadlock. A request
     * that fails is dead-lettered or retried as the route's retry policy says.
     */
    public List<JobResult> processBatch(@Body List<Job> incoming,
                                        @ExchangeProperty(QueueBatchEndpoint.RETRY_POLICY) RetryPolicy policy) {
        List<JobResult> results = new ArrayList<>(incoming.size());
        transactions.executeWithoutResult(status -> {
            SessionMapping mapping = sessions.current();
            List<Identity> identities = incoming.stream().map(job -> identify(job, mapping)).toList();
            Map<Customer, RuntimeException> unlocked = lockCustomers(incoming, identities);
            for (int i = 0; i < incoming.size(); i++) {
                Job request = incoming.get(i);
                Identity identity = identities.get(i);
                JobResult result = attempt(request, identity, unlocked, policy,
                        () -> identity == null || identify(request, mapping).profileId().equals(identity.profileId()));
                results.add(result);
                if (result instanceof JobResult.Retry) {
                    return;
                }
            }
        });
        meters.summary("tillgate.worker.batch.size").record(incoming.size());
        for (JobResult result : results) {
            if (result instanceof JobResult.Applied applied) {
                meters.counter("tillgate.worker.jobs", "operation", applied.operation().name()).increment();
            } else if (result instanceof JobResult.AlreadyProcessed) {
                meters.counter("tillgate.worker.jobs", "operation", "ALREADY_PROCESSED").increment();
            }
        }
        return results;
    }

    /**
     * Locks the batch's customers in one order: a customer that cannot be locked (a lock held too long elsewhere)
     * fails the requests that serve it, which then retry or dead-letter as any failure.
     */
    private Map<Customer, RuntimeException> lockCustomers(List<Job> batch, List<Identity> identities) {
        SortedSet<Customer> customers = new TreeSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Customer customer = customer(batch.get(i), identities.get(i));
            if (customer != null) {
                customers.add(customer);
            }
        }
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

    /**
     * Who a job's customer is, found once for the batch: the profile locked and the one the work is done for are the
     * same even if the mapping or the linked ids change meanwhile. Of a store mapped to no application, the customer
     * is only named (its rejection's event says whose it was). Null for a message that can never be processed.
     */
    private Identity identify(Job job, SessionMapping mapping) {
        return job.poison() != null ? null
                : customers.identify(job.app().map(Applications.Application::id).orElse(null), job.accepted().payload(), mapping);
    }

    private static Customer customer(Job job, Identity identity) {
        return identity == null || job.app().isEmpty() ? null
                : identity.profileId().map(p -> new Customer(job.app().get(), p)).orElse(null);
    }

    /**
     * Processes a job for the customer the batch locked. {@code stillTheSame} asks again who the customer is, now that
     * the lock is held: a merge that committed while the batch waited for it moved the customer, and the job goes back
     * to be read again rather than be done for a profile that is gone.
     */
    private JobResult attempt(Job request, Identity identity, Map<Customer, RuntimeException> unlocked, RetryPolicy policy,
                              java.util.function.BooleanSupplier stillTheSame) {
        try {
            Customer customer = customer(request, identity);
            RuntimeException lockFailure = customer == null ? null : unlocked.get(customer);
            if (lockFailure != null) {
                throw lockFailure;
            }
            if (customer != null && !stillTheSame.getAsBoolean()) {
                throw EngineException.busy("the customer was merged into another profile while this batch waited for it");
            }
            return savepoint.execute(status -> process(request, identity));
        } catch (RuntimeException failure) {
            return policy.deadLetter(failure, request.queued().attempt())
                    ? new JobResult.DeadLettered(policy.reason(failure))
                    : new JobResult.Retry(failure);
        }
    }

    private JobResult process(Job incoming, Identity identity) {
        if (incoming.poison() != null) {
            throw incoming.poison();
        }
        String jobId = incoming.queued().id();
        AcceptedRequest accepted = incoming.accepted();
        SendTransaction request = accepted.request();
        boolean firstProcessing = confirm(accepted.credential(), request, jobId);
        if (!firstProcessing) {
            Optional<ProcessedJob> processed = store.processed(jobId);
            if (processed.isPresent()) {
                return new JobResult.AlreadyProcessed(events(jobId, processed.get()));
            }
        }
        try {
            return savepoint.execute(status -> apply(jobId, accepted, incoming.app(), identity));
        } catch (EngineException.Busy busy) {
            throw busy; // another request holds the session: the batch goes back and this request is retried
        } catch (EngineException refused) {
            // The engine refuses what retrying cannot change (a transition its state machine forbids):
            // the request is recorded as rejected, with the engine's words, and the original stays as it was.
            return reject(jobId, accepted, identity, "engine_refused", refused.title() + ": " + refused.getMessage());
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

    private JobResult.Applied apply(String jobId, AcceptedRequest accepted, Optional<Applications.Application> app,
                                    Identity identity) {
        SendTransaction request = accepted.request();
        List<FieldError> warnings = accepted.warnings();
        JsonNode payload = accepted.payload();
        String storeId = request.storeId();
        String transactionId = request.transaction().transactionId();
        if (app.isEmpty()) {
            return reject(jobId, accepted, identity, "unmapped_store",
                    "store '" + storeId + "' maps to no engine application (mappings/stores.yaml)");
        }
        SessionMapping mapping = sessions.current();
        if (identity instanceof Identity.Invalid invalid) {
            // a field mappings/session.yaml names that the door does not bound (the ids it does bound fit)
            return reject(jobId, accepted, identity, "invalid_profile", invalid.message());
        }
        Optional<String> profile = identity.profileId();
        if (identity instanceof Identity.Anonymous anonymous && !anonymous.unresolved().isEmpty()) {
            warnings = new ArrayList<>(warnings);
            warnings.addAll(anonymous.unresolved());
        }
        Instant processing = processingTime();
        Optional<TransactionRecord> stored = store.loadForUpdate(storeId, transactionId);
        PosTransaction sold = request.transaction();
        if (sold.modifiedTime().isAfter(processing.plus(maxClockSkew))) {
            // the till's clock is ahead: the sale is not believed, neither to evaluate it nor to order what follows
            // (a time kept in the future would make every later refund stale); it is taken as the gateway's time,
            // or as just after the stored original's when that is later: it is the newest the gateway has seen
            Instant taken = processing;
            if (stored.isPresent() && !stored.get().session().modifiedTime().isBefore(taken)) {
                taken = stored.get().session().modifiedTime().plusMillis(1);
            }
            warnings = new ArrayList<>(warnings);
            warnings.add(new FieldError("clock_skew", "request_payload.modified_time", "modified_time " + sold.modifiedTime()
                    + " is more than " + maxClockSkew + " after the gateway's time, " + processing + ": taken as " + taken));
            sold = sold.modifiedAt(taken);
        }
        Instant at = sold.modifiedTime();
        DiscountsMode discounts = stores.current().discountsOf(storeId);
        boolean discountsChanged = discounts == DiscountsMode.POS && stored.isPresent()
                && !discountsOf(stored.get().original()).equals(discountsOf(payload));
        Translation translation = Translator.translate(stored.map(TransactionRecord::session), sold,
                accepted.fingerprint(), catalog.current(), discountsChanged);
        Plan plan = translation.plan();
        String sessionId = TransactionRecord.sessionIdOf(storeId, transactionId);
        Sale sale = new Sale(request.storeId(), profile.orElse(null), payload, request.transaction(), discounts, at);
        Fulfilment fulfilment = fulfiller.carryOut(app.get(), sessionId, plan, sale, mapping);
        List<FieldError> offers = fulfiller.discountWarnings(app.get(), request.transaction(), fulfilment);
        if (!offers.isEmpty()) {
            offers.forEach(w -> meters.counter("tillgate.discounts.warnings", "code", w.code()).increment());
            warnings = new ArrayList<>(warnings);
            warnings.addAll(offers);
        }
        if (plan.replacesOriginal()) {
            TransactionRecord next = new TransactionRecord(storeId, transactionId, sessionId, payload, translation.next());
            if (stored.isPresent()) {
                store.update(next, processing);
            } else {
                store.insert(next, processing);
            }
        }
        String reason = plan instanceof Plan.Rejected rejected ? rejected.reason() : null;
        String rejection = plan instanceof Plan.Stale ? STALE : reason;
        Events events = events(jobId, request, profile.orElse(null), processing, fulfilment.steps(), rejection, warnings);
        store.record(storeId, transactionId, new Outcome(jobId, request.requestId(), request.clientId(),
                request.transaction().modifiedTime(), plan.operation(), reason, details(plan), warnings, processing,
                fulfilment.describe(), Json.MAPPER.valueToTree(fulfilment.effects())), events.stored());
        return new JobResult.Applied(plan.operation(), events.published());
    }

    /** A transaction's discounts as the till sent them; none sent is none. */
    private static JsonNode discountsOf(JsonNode transaction) {
        JsonNode discounts = transaction == null ? null : transaction.get("discounts");
        return discounts == null || discounts.isNull() ? Json.MAPPER.createArrayNode() : discounts;
    }

    /** A request's events as published and as stored with its outcome. */
    private record Events(List<SessionEvent> published, OutcomeEvents stored) {
    }

    /**
     * One event per session step; for a request that changed nothing because it was refused or is older than the
     * stored original, one {@code transaction.rejected} with the reason, so that a refund that did nothing is seen
     * without polling. A plain duplicate, or a newer version that changes nothing, has no event.
     */
    private static Events events(String jobId, SendTransaction request, String profileId, Instant now,
                                 List<Fulfilment.Step> steps, String rejection, List<FieldError> warnings) {
        String storeId = request.storeId();
        String transactionId = request.transaction().transactionId();
        String sessionId = TransactionRecord.sessionIdOf(storeId, transactionId);
        List<SessionEvent> events = new ArrayList<>(steps.size() + 1);
        List<OutcomeEvents.Entry> entries = new ArrayList<>(steps.size() + 1);
        for (Fulfilment.Step step : steps) {
            events.add(new SessionEvent(eventId(jobId, events.size()), step.eventType(), now, storeId, transactionId,
                    sessionId, profileId, step.state().wireName(), step.effects(), jobId, request.requestId(), null, warnings));
            entries.add(new OutcomeEvents.Entry(step.eventType(), step.state().wireName(), step.effects().size(), null));
        }
        if (rejection != null) {
            events.add(new SessionEvent(eventId(jobId, events.size()), SessionEvent.REJECTED, now, storeId, transactionId,
                    sessionId, profileId, null, List.of(), jobId, request.requestId(), rejection, warnings));
            entries.add(new OutcomeEvents.Entry(SessionEvent.REJECTED, null, 0, rejection));
        }
        return new Events(events, new OutcomeEvents(profileId, entries, warnings));
    }

    /**
     * The events of a job processed before, as they were first published: each takes its share of the outcome's
     * effects, in order. An outcome recorded before events were kept with it published through the outbox.
     */
    private static List<SessionEvent> events(String jobId, ProcessedJob job) {
        if (job.events() == null) {
            return List.of();
        }
        List<Effect> effects = Json.MAPPER.convertValue(job.effects(), EFFECTS);
        String sessionId = TransactionRecord.sessionIdOf(job.storeId(), job.transactionId());
        List<SessionEvent> events = new ArrayList<>(job.events().events().size());
        int from = 0;
        for (OutcomeEvents.Entry entry : job.events().events()) {
            events.add(new SessionEvent(eventId(jobId, events.size()), entry.eventType(), job.processedAt(), job.storeId(),
                    job.transactionId(), sessionId, job.events().profileId(), entry.state(),
                    effects.subList(from, from + entry.effects()), jobId, job.requestId(), entry.reason(), job.events().warnings()));
            from += entry.effects();
        }
        return events;
    }

    /** Records the request as rejected; called only after {@link #process} found its job not yet processed. */
    private JobResult.Applied reject(String jobId, AcceptedRequest accepted, Identity identity, String reason, String detail) {
        SendTransaction request = accepted.request();
        Plan.Rejected plan = new Plan.Rejected(reason, detail);
        Instant now = processingTime();
        // the customer the request names, when it names one (not so for invalid_profile)
        String profileId = identity == null ? null : identity.profileId().orElse(null);
        Events events = events(jobId, request, profileId, now, List.of(), reason, accepted.warnings());
        store.record(request.storeId(), request.transaction().transactionId(), new Outcome(jobId, request.requestId(),
                request.clientId(), request.transaction().modifiedTime(), plan.operation(), reason, details(plan),
                accepted.warnings(), now, null, Json.MAPPER.createArrayNode()), events.stored());
        return new JobResult.Applied(plan.operation(), events.published());
    }


    /** To the microsecond, as the database keeps it: an event published again is the event first published. */
    private Instant processingTime() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
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
