package io.tillgate.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.json.Fingerprint;
import io.tillgate.engine.json.Json;
import io.tillgate.pos.AcceptedRequest;
import io.tillgate.pos.SendTransaction;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.pos.ValidationResult;
import io.tillgate.store.DatabaseOutage;
import io.tillgate.store.PosRequestStore;
import io.tillgate.store.RequestClaim;
import io.tillgate.store.RequestKey;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.web.util.UriUtils;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * The steps of {@code POST /api/2.0/send_transaction} that the route {@code pos-send-transaction} calls:
 * {@link #admit} checks a request and claims its request_id, {@link #accepted} answers once the broker has
 * the message, {@link #refuse} answers when it could not be queued. The claim is marked accepted by the
 * worker, in the transaction that processes it: one database commit per request here instead of two.
 */
@Component("posIngress")
public class PosIngress {
    /** Exchange property: the {@link Admission} of a request to queue. */
    public static final String ADMISSION = "tillgateAdmission";
    /** JMS property with the job id; the worker processes each job id once. */
    public static final String JOB_ID_HEADER = "tillgateJobId";
    /**
     * JMS property with the POS client's credential, on messages queued before the accepted form (which carries it
     * in the body): the worker still reads them.
     */
    public static final String CREDENTIAL_HEADER = "tillgateCredential";
    private static final Logger LOG = LoggerFactory.getLogger(PosIngress.class);

    private final PosClients clients;
    private final PosRequestStore requests;
    private final PosProperties properties;
    private final SendTransactionReader reader;
    private final MeterRegistry meters;
    private final Clock clock;

    public PosIngress(PosClients clients, PosRequestStore requests, PosProperties properties, MeterRegistry meters,
                      Clock clock) {
        this.clients = clients;
        this.requests = requests;
        this.properties = properties;
        this.reader = new SendTransactionReader(properties.arithmetic());
        this.meters = meters;
        this.clock = clock;
    }

    static final String UNAUTHORIZED = "HTTP Basic credentials of a configured POS client are required";
    static final String CHALLENGE = "Basic realm=\"tillgate\"";

    public void admit(Exchange exchange) {
        Message in = exchange.getMessage();
        Optional<PosProperties.Client> client = clients.authenticate(in.getHeader("Authorization", String.class));
        if (client.isEmpty()) {
            count("unauthorized");
            unauthorized(exchange);
            return;
        }
        Optional<JsonNode> parsed = json(exchange);
        if (parsed.isEmpty()) {
            count("malformed_json");
            return;
        }
        JsonNode root = parsed.get();
        ValidationResult result = reader.read(root);
        if (result instanceof ValidationResult.Invalid invalid) {
            count("invalid");
            replyBody(exchange, 400, PosReplies.errors(invalid.errors()));
            return;
        }
        ValidationResult.Valid valid = (ValidationResult.Valid) result;
        SendTransaction request = valid.request();
        if (!client.get().mayPostFor(request.storeId())) {
            count("forbidden_store");
            replyBody(exchange, 403, PosReplies.forbiddenToPost(client.get().key(), request.storeId()));
            return;
        }
        String transactionId = request.transaction().transactionId();
        RequestKey key = new RequestKey(client.get().key(), request.clientId(), request.requestId());
        RequestClaim claim = requests.claim(key, Fingerprint.of(root), request.storeId(), transactionId,
                clock.instant(), properties.idempotencyRetention());
        if (claim instanceof RequestClaim.Accepted accepted) {
            count("repeat");
            replyBody(exchange, 200, PosReplies.accepted(request.requestId(), transactionId, accepted.jobId()));
        } else if (claim instanceof RequestClaim.Conflict) {
            reply(exchange, 409, "request_id_conflict", "request_id", "request_id '" + request.requestId()
                    + "' was already used for a different payload");
        } else if (claim instanceof RequestClaim.Fresh fresh) {
            enqueue(exchange, key, valid, fresh.jobId(), root.get("request_payload"));
        } else if (claim instanceof RequestClaim.Unconfirmed unconfirmed) {
            enqueue(exchange, key, valid, unconfirmed.jobId(), root.get("request_payload"));
        }
    }

    /** Called after the broker acknowledged the persistent message. */
    public void accepted(Exchange exchange) {
        Admission admission = exchange.getProperty(ADMISSION, Admission.class);
        count("accepted");
        replyBody(exchange, 200, PosReplies.accepted(admission.key().requestId(), admission.transactionId(), admission.jobId()));
    }

    /**
     * The request could not be queued, or a POS call failed (the error handler of every POS route): nothing is
     * accepted, the client may retry.
     */
    public void refuse(Exchange exchange) {
        Admission admission = exchange.getProperty(ADMISSION, Admission.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (admission == null && DatabaseOutage.causedBy(cause)) {
            LOG.warn("database unavailable, {} refused: {}", exchange.getFromRouteId(), cause.toString());
            reply(exchange, 503, "store_unavailable", null, "the database is unavailable; the request was not accepted, retry later");
            exchange.getMessage().setHeader("Retry-After", "5");
            return;
        }
        if (admission == null) {
            LOG.error("{} failed before it was answered", exchange.getFromRouteId(), cause);
            reply(exchange, 500, "internal_error", null, "tillgate could not process the request; it was not accepted");
            return;
        }
        // The claim is kept, unconfirmed: a broker that dies after writing the message but before acknowledging it
        // still delivers it, so a retry of the same request must queue it again under the same job id (done once
        // by the worker whichever copy comes first), not as a new job.
        LOG.warn("broker did not confirm job {}: {}", admission.jobId(), cause == null ? "unknown" : cause.toString());
        reply(exchange, 503, "broker_unavailable", null,
                "the message broker did not confirm the request; send it again with the same request_id");
        exchange.getMessage().setHeader("Retry-After", "5");
    }

    /** Queues the request as it was accepted: parsed and checked here, so that the worker need not do it again. */
    private void enqueue(Exchange exchange, RequestKey key, ValidationResult.Valid valid, String jobId, JsonNode payload) {
        SendTransaction request = valid.request();
        exchange.setProperty(ADMISSION, new Admission(key, request.storeId(), request.transaction().transactionId(), jobId));
        Message out = exchange.getMessage();
        out.setHeader("JMSXGroupID", request.storeId() + ":" + request.transaction().transactionId());
        out.setHeader(JOB_ID_HEADER, jobId);
        out.setBody(AcceptedRequest.of(key.credential(), request, valid.warnings(), Fingerprint.of(payload), payload).encode());
    }

    /**
     * A POS call's body as JSON, or empty with the 400 answered. Its Content-Type ({@link JsonBodiesOnly}), size and
     * encoding ({@link PosBodies}) were checked before it was read.
     */
    public static Optional<JsonNode> json(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        try {
            return Optional.of(Json.parseUtf8(body == null ? new byte[0] : body));
        } catch (JsonProcessingException e) {
            replyBody(exchange, 400, PosReplies.error("malformed_json", "$", "the body is not valid JSON: "
                    + firstClause(e.getOriginalMessage()) + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())));
        } catch (IOException e) {
            replyBody(exchange, 400, PosReplies.error("malformed_json", "$", "the body could not be read: " + e.getMessage()));
        } catch (NumberFormatException e) { // an exponent beyond what a decimal can hold, such as 1E+2147483648
            replyBody(exchange, 400, PosReplies.error("malformed_json", "$", "the body holds a number out of range: " + e.getMessage()));
        }
        return Optional.empty();
    }

    /** Jackson's messages go on about source locations; the location is given separately. */
    private static String firstClause(String message) {
        int cut = message.indexOf(" (");
        return (cut > 0 ? message.substring(0, cut) : message).lines().findFirst().orElse(message);
    }

    private void count(String result) {
        meters.counter("tillgate.pos.requests", "result", result).increment();
    }

    /** An error answer, counted under its code: every request is counted exactly once, by its result. */
    private void reply(Exchange exchange, int status, String code, String field, String message) {
        count(code);
        replyBody(exchange, status, PosReplies.error(code, field, message));
    }

    public static void unauthorized(Exchange exchange) {
        replyBody(exchange, 401, PosReplies.error("unauthorized", "Authorization", UNAUTHORIZED));
        exchange.getMessage().setHeader("WWW-Authenticate", CHALLENGE);
    }

    /**
     * A path parameter, decoded: it arrives as the path carried it, percent-encoded (a transaction "a b" is at
     * /a%20b). A malformed encoding never gets here: the web layer refuses the request first.
     */
    static String pathParameter(Message in, String name) {
        String raw = in.getHeader(name, String.class);
        return raw == null ? null : UriUtils.decode(raw, StandardCharsets.UTF_8);
    }

    /** A client reading what belongs to a store it may not post for: the transaction and job views' 403. */
    public static void forbiddenToRead(Exchange exchange, PosProperties.Client client, String storeId) {
        replyBody(exchange, 403, PosReplies.error("forbidden_store", "store_id",
                "client '" + client.key() + "' may not read store '" + storeId + "'"));
    }

    public static void replyBody(Exchange exchange, int status, String json) {
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json);
    }
}
