package io.tillgate.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.json.Fingerprint;
import io.tillgate.json.Json;
import io.tillgate.pos.SendTransaction;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.pos.ValidationResult;
import io.tillgate.store.DatabaseOutage;
import io.tillgate.store.RequestKey;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The steps of {@code POST /api/2.0/send_transaction} that the route {@code pos-send-transaction} calls:
 * {@link #admit} checks a request and claims its request_id ({@link RequestClaims}: a read, no write),
 * {@link #accepted} answers once the broker has the message, {@link #refuse} answers when it could not be
 * queued. The worker records the request's key in the transaction that processes it.
 */
@Component("posIngress")
public class PosIngress {
    /** Exchange property: the {@link Admission} of a request to queue. */
    public static final String ADMISSION = "tillgateAdmission";
    /** JMS property with the job id; the worker processes each job id once. */
    public static final String JOB_ID_HEADER = "tillgateJobId";
    /** JMS property with the POS client's credential: with client_id and request_id, the request's key. */
    public static final String CREDENTIAL_HEADER = "tillgateCredential";
    /** JMS property with the request's content hash, which the worker records under the request's key. */
    public static final String FINGERPRINT_HEADER = "tillgateFingerprint";
    /** JMS property: when the door accepted the request (epoch milliseconds), the start of its key's retention. */
    public static final String RECEIVED_AT_HEADER = "tillgateReceivedAt";
    private static final Logger LOG = LoggerFactory.getLogger(PosIngress.class);

    private final PosClients clients;
    private final RequestClaims claims;
    private final PosProperties properties;
    private final SendTransactionReader reader;
    private final MeterRegistry meters;
    private final Clock clock;

    public PosIngress(PosClients clients, RequestClaims claims, PosProperties properties, MeterRegistry meters,
                      Clock clock) {
        this.clients = clients;
        this.claims = claims;
        this.properties = properties;
        this.reader = new SendTransactionReader(properties.arithmetic());
        this.meters = meters;
        this.clock = clock;
    }

    public void admit(Exchange exchange) {
        Message in = exchange.getMessage();
        Optional<PosProperties.Client> client = clients.authenticate(in.getHeader("Authorization", String.class));
        if (client.isEmpty()) {
            count("unauthorized");
            unauthorized(exchange);
            return;
        }
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            reply(exchange, 415, "unsupported_media_type", "Content-Type",
                    "Content-Type must be application/json, not " + (contentType == null ? "absent" : contentType));
            return;
        }
        byte[] body = in.getBody(byte[].class);
        JsonNode root;
        try {
            root = Json.parse(body == null ? new byte[0] : body);
        } catch (JsonProcessingException e) {
            reply(exchange, 400, "malformed_json", "$", "the body is not valid JSON: " + firstClause(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
            return;
        } catch (IOException e) {
            reply(exchange, 400, "malformed_json", "$", "the body could not be read: " + e.getMessage());
            return;
        }
        ValidationResult result = reader.read(root);
        if (result instanceof ValidationResult.Invalid invalid) {
            count("invalid");
            replyBody(exchange, 400, PosReplies.errors(invalid.errors()));
            return;
        }
        SendTransaction request = ((ValidationResult.Valid) result).request();
        if (!client.get().mayPostFor(request.storeId())) {
            reply(exchange, 403, "forbidden_store", "store_id",
                    "client '" + client.get().key() + "' may not post for store '" + request.storeId() + "'");
            return;
        }
        String transactionId = request.transaction().transactionId();
        RequestKey key = new RequestKey(client.get().key(), request.clientId(), request.requestId());
        String fingerprint = Fingerprint.of(root);
        Instant now = clock.instant();
        RequestClaim claim = claims.claim(key, fingerprint, now);
        if (claim instanceof RequestClaim.Processed processed) {
            count("repeat");
            replyBody(exchange, 200, PosReplies.accepted(request.requestId(), transactionId, processed.jobId()));
        } else if (claim instanceof RequestClaim.Conflict) {
            reply(exchange, 409, "request_id_conflict", "request_id", "request_id '" + request.requestId()
                    + "' was already used for a different payload");
        } else if (claim instanceof RequestClaim.Fresh fresh) {
            enqueue(exchange, new Admission(key, fingerprint, true, request.storeId(), transactionId, fresh.jobId()), now, body);
        } else if (claim instanceof RequestClaim.Waiting waiting) {
            enqueue(exchange, new Admission(key, fingerprint, false, request.storeId(), transactionId, waiting.jobId()), now, body);
        }
    }

    /** Called after the broker acknowledged the persistent message. */
    public void accepted(Exchange exchange) {
        Admission admission = exchange.getProperty(ADMISSION, Admission.class);
        count("accepted");
        replyBody(exchange, 200, PosReplies.accepted(admission.key().requestId(), admission.transactionId(), admission.jobId()));
    }

    /** The request could not be queued: nothing is accepted, the client may retry. */
    public void refuse(Exchange exchange) {
        Admission admission = exchange.getProperty(ADMISSION, Admission.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (admission == null && DatabaseOutage.causedBy(cause)) {
            LOG.warn("database unavailable, send_transaction refused: {}", cause.toString());
            reply(exchange, 503, "store_unavailable", null, "the database is unavailable; the request was not accepted, retry later");
            exchange.getMessage().setHeader("Retry-After", "5");
            return;
        }
        if (admission == null) {
            LOG.error("send_transaction failed before the broker was reached", cause);
            reply(exchange, 500, "internal_error", null, "tillgate could not process the request; it was not accepted");
            return;
        }
        LOG.warn("broker did not take job {}: {}", admission.jobId(), cause == null ? "unknown" : cause.toString());
        if (admission.fresh()) {
            claims.release(admission.key(), admission.fingerprint());
        }
        reply(exchange, 503, "broker_unavailable", null, "the message broker is unavailable; the request was not accepted, retry later");
        exchange.getMessage().setHeader("Retry-After", "5");
    }

    private void enqueue(Exchange exchange, Admission admission, Instant receivedAt, byte[] body) {
        exchange.setProperty(ADMISSION, admission);
        Message out = exchange.getMessage();
        out.setHeader("JMSXGroupID", admission.storeId() + ":" + admission.transactionId());
        out.setHeader(JOB_ID_HEADER, admission.jobId());
        out.setHeader(CREDENTIAL_HEADER, admission.key().credential());
        out.setHeader(FINGERPRINT_HEADER, admission.fingerprint());
        out.setHeader(RECEIVED_AT_HEADER, receivedAt.toEpochMilli());
        out.setBody(new String(body, StandardCharsets.UTF_8)); // a text message: readable in Hawtio and by any consumer
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

    static void unauthorized(Exchange exchange) {
        replyBody(exchange, 401, PosReplies.error("unauthorized", "Authorization",
                "HTTP Basic credentials of a configured POS client are required"));
        exchange.getMessage().setHeader("WWW-Authenticate", "Basic realm=\"tillgate\"");
    }

    static void replyBody(Exchange exchange, int status, String json) {
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json);
    }
}
