package io.tillgate.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.json.Json;
import io.tillgate.ingress.PosIngress;
import io.tillgate.json.Fingerprint;
import io.tillgate.pos.AcceptedRequest;
import io.tillgate.pos.ArithmeticPolicy;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.pos.ValidationResult;
import io.tillgate.translate.MappingFile;
import io.tillgate.translate.StoreMappings;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The worker route's first step: each queued message read as the request the door accepted, with the engine
 * application of its store, or marked as a message that can never be processed.
 */
@Component("queuedRequests")
public class QueuedRequests {
    /** Reads what earlier versions queued: the raw HTTP body, checked again here (arithmetic only warned of). */
    private final SendTransactionReader legacyReader = new SendTransactionReader(ArithmeticPolicy.WARN);
    private final MappingFile<StoreMappings> stores;
    private final Applications applications;

    public QueuedRequests(MappingFile<StoreMappings> stores, Applications applications) {
        this.stores = stores;
        this.applications = applications;
    }

    /**
     * A queued request, read: accepted (with its store's application, when there is one), or the reason it can never
     * be processed. The application is looked up once, so that the customer locked for the batch and the work done
     * belong to the same one even if the mappings change in between.
     */
    public record Job(QueuedMessage queued, AcceptedRequest accepted, Optional<Applications.Application> app,
                      PoisonMessageException poison) {
    }

    /** The route's first step: each message of the batch, read. */
    public List<Job> read(@Body List<QueuedMessage> batch) {
        return batch.stream().map(this::read).toList();
    }

    private Job read(QueuedMessage queued) {
        try {
            if (queued.id() == null || queued.id().isBlank()) {
                throw new PoisonMessageException("the message has no " + PosIngress.JOB_ID_HEADER + " property");
            }
            if (queued.body() == null) {
                throw new PoisonMessageException("the message has no text body");
            }
            AcceptedRequest accepted;
            try {
                accepted = accepted(queued);
            } catch (PoisonMessageException poison) {
                throw poison;
            } catch (RuntimeException unreadable) { // whatever the body holds, it must not fail the whole batch
                throw new PoisonMessageException("the message cannot be read: " + unreadable);
            }
            Optional<Applications.Application> app = stores.current().applicationOf(accepted.request().storeId())
                    .flatMap(applications::byId);
            return new Job(queued, accepted, app, null);
        } catch (PoisonMessageException poison) {
            return new Job(queued, null, Optional.empty(), poison);
        }
    }

    /**
     * The request as the door accepted it. A message queued before the accepted form existed holds the raw HTTP
     * body and the credential as a property: it is checked again, so that an upgrade loses nothing in the queue.
     */
    private AcceptedRequest accepted(QueuedMessage queued) {
        try {
            return AcceptedRequest.decode(queued.body());
        } catch (IllegalArgumentException notAccepted) {
            JsonNode envelope;
            try {
                envelope = Json.parse(queued.body());
            } catch (RuntimeException e) {
                throw new PoisonMessageException("the message body is not JSON: " + e.getMessage());
            }
            if (!envelope.has("request_payload")) { // the accepted form has none: only a raw request does
                throw new PoisonMessageException(envelope.has("v") ? notAccepted.getMessage()
                        : "the message is neither an accepted request nor a send_transaction request ("
                        + notAccepted.getMessage() + ")");
            }
            if (!(legacyReader.read(envelope) instanceof ValidationResult.Valid valid)) {
                throw new PoisonMessageException("the message is not a valid send_transaction request");
            }
            JsonNode payload = envelope.get("request_payload");
            return AcceptedRequest.of(queued.properties().get(PosIngress.CREDENTIAL_HEADER), valid.request(),
                    valid.warnings(), Fingerprint.of(payload), payload);
        }
    }
}
