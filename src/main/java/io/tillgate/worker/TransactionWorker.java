package io.tillgate.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.ingress.PosIngress;
import io.tillgate.json.Fingerprint;
import io.tillgate.json.Json;
import io.tillgate.pos.ArithmeticPolicy;
import io.tillgate.pos.FieldError;
import io.tillgate.pos.SendTransaction;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.pos.ValidationResult;
import io.tillgate.store.Outcome;
import io.tillgate.store.TransactionRecord;
import io.tillgate.store.TransactionStore;
import io.tillgate.translate.CatalogFile;
import io.tillgate.translate.Plan;
import io.tillgate.translate.Translation;
import io.tillgate.translate.Translator;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The worker route's step: one queued request, translated against its stored original and recorded, in
 * one database transaction. A job id already recorded is a redelivery of committed work and changes nothing.
 */
@Component("transactionWorker")
public class TransactionWorker {
    // Arithmetic was judged at the door; here its findings are only recomputed as warnings for the outcome.
    private final SendTransactionReader reader = new SendTransactionReader(ArithmeticPolicy.WARN);
    private final TransactionStore store;
    private final CatalogFile catalog;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Clock clock;

    public TransactionWorker(TransactionStore store, CatalogFile catalog, TransactionTemplate transactions,
                             MeterRegistry meters, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.transactions = transactions;
        this.meters = meters;
        this.clock = clock;
    }

    public void process(@Body String body, @Header(PosIngress.JOB_ID_HEADER) String jobId) {
        if (jobId == null || jobId.isBlank()) {
            throw new PoisonMessageException("the message has no " + PosIngress.JOB_ID_HEADER + " property");
        }
        JsonNode envelope;
        try {
            envelope = Json.parse(body);
        } catch (RuntimeException e) {
            throw new PoisonMessageException("the message body is not JSON: " + e.getMessage());
        }
        if (!(reader.read(envelope) instanceof ValidationResult.Valid valid)) {
            throw new PoisonMessageException("the message is not a valid send_transaction request");
        }
        SendTransaction request = valid.request();
        JsonNode payload = envelope.get("request_payload");
        String operation = transactions.execute(status -> apply(jobId, request, payload, valid.warnings()));
        meters.counter("tillgate.worker.jobs", "operation", operation).increment();
    }

    private String apply(String jobId, SendTransaction request, JsonNode payload, List<FieldError> warnings) {
        if (store.hasOutcome(jobId)) {
            return "ALREADY_PROCESSED";
        }
        String storeId = request.storeId();
        String transactionId = request.transaction().transactionId();
        Optional<TransactionRecord> stored = store.loadForUpdate(storeId, transactionId);
        Translation translation = Translator.translate(stored.map(TransactionRecord::session), request.transaction(),
                Fingerprint.of(payload), catalog.current());
        Plan plan = translation.plan();
        Instant now = clock.instant();
        if (plan.replacesOriginal()) {
            TransactionRecord next = new TransactionRecord(storeId, transactionId,
                    TransactionRecord.sessionIdOf(storeId, transactionId), payload, translation.next());
            if (stored.isPresent()) {
                store.update(next, now);
            } else {
                store.insert(next, now);
            }
        }
        String reason = plan instanceof Plan.Rejected rejected ? rejected.reason() : null;
        store.record(storeId, transactionId, new Outcome(jobId, request.requestId(), request.clientId(),
                request.transaction().modifiedTime(), plan.operation(), reason, details(plan), warnings, now));
        return plan.operation();
    }

    /** The plan as shown on the transactions endpoint: its fields, without the operation name repeated. */
    private static JsonNode details(Plan plan) {
        ObjectNode node = Json.MAPPER.valueToTree(plan);
        node.remove("operation");
        return node;
    }
}
