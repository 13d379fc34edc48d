package io.tillgate.offers;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.engine.Applications;
import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.lifecycle.OfferResult;
import io.tillgate.engine.lifecycle.Offers;
import io.tillgate.engine.session.SessionState;
import io.tillgate.fulfil.SessionFulfiller;
import io.tillgate.ingress.PosClients;
import io.tillgate.ingress.PosIngress;
import io.tillgate.ingress.PosProperties;
import io.tillgate.ingress.PosReplies;
import io.tillgate.json.Fingerprint;
import io.tillgate.pos.OfferReader;
import io.tillgate.pos.OfferRequest;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.store.OfferCallStore;
import io.tillgate.store.OfferCallStore.Answer;
import io.tillgate.store.RequestKey;
import io.tillgate.store.TransactionRecord;
import io.tillgate.translate.CartBuilder;
import io.tillgate.translate.CartLine;
import io.tillgate.translate.Catalog;
import io.tillgate.translate.DiscountsMode;
import io.tillgate.translate.MappingFile;
import io.tillgate.translate.SessionMapping;
import io.tillgate.customers.CustomerResolver;
import io.tillgate.customers.Identity;
import io.tillgate.translate.StoreMappings;
import org.apache.camel.Exchange;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The till's offer calls, {@code POST /api/2.0/lock}, {@code /redeem}, {@code /unlock} and {@code /reinstate}:
 * answered at once, since the till waits with the customer. Each has send_transaction's envelope, credentials, store
 * permissions and error shape; the work and its answer are recorded in one database transaction, and a resend of
 * the request id gets that answer again.
 */
@Component("offerDesk")
public class OfferDesk {
    /** One of the four calls: lock and redeem check an offer against a check, unlock and reinstate release it. */
    enum Call {
        LOCK, REDEEM, UNLOCK, REINSTATE;

        String wireName() {
            return name().toLowerCase();
        }

        boolean checks() {
            return this == LOCK || this == REDEEM;
        }
    }

    private final PosClients clients;
    private final PosProperties pos;
    private final OfferProperties properties;
    private final OfferReader reader;
    private final OfferCallStore calls;
    private final Offers offers;
    private final SessionFulfiller fulfiller;
    private final CustomerResolver customers;
    private final MappingFile<StoreMappings> stores;
    private final MappingFile<Catalog> catalog;
    private final MappingFile<SessionMapping> sessions;
    private final Applications applications;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Clock clock;

    public OfferDesk(PosClients clients, PosProperties pos, OfferProperties properties, OfferCallStore calls,
                     Offers offers, SessionFulfiller fulfiller, CustomerResolver customers, MappingFile<StoreMappings> stores,
                     MappingFile<Catalog> catalog, MappingFile<SessionMapping> sessions, Applications applications,
                     TransactionTemplate transactions, MeterRegistry meters, Clock clock) {
        this.clients = clients;
        this.pos = pos;
        this.properties = properties;
        this.reader = new OfferReader(pos.arithmetic());
        this.calls = calls;
        this.offers = offers;
        this.fulfiller = fulfiller;
        this.customers = customers;
        this.stores = stores;
        this.catalog = catalog;
        this.sessions = sessions;
        this.applications = applications;
        this.transactions = transactions;
        this.meters = meters;
        this.clock = clock;
    }

    public void lock(Exchange exchange) {
        handle(exchange, Call.LOCK);
    }

    public void redeem(Exchange exchange) {
        handle(exchange, Call.REDEEM);
    }

    public void unlock(Exchange exchange) {
        handle(exchange, Call.UNLOCK);
    }

    public void reinstate(Exchange exchange) {
        handle(exchange, Call.REINSTATE);
    }

    private void handle(Exchange exchange, Call call) {
        Optional<PosProperties.Client> client = clients.authenticate(exchange.getMessage().getHeader("Authorization", String.class));
        if (client.isEmpty()) {
            count(call, "unauthorized");
            PosIngress.unauthorized(exchange);
            return;
        }
        Optional<JsonNode> root = PosIngress.json(exchange);
        if (root.isEmpty()) {
            count(call, "malformed_json");
            return;
        }
        OfferReader.Result read = call.checks() ? reader.readCheck(root.get()) : reader.readRelease(root.get());
        if (read instanceof OfferReader.Result.Invalid invalid) {
            reply(exchange, call, 400, "invalid", PosReplies.errors(invalid.errors()));
            return;
        }
        OfferRequest request = ((OfferReader.Result.Valid) read).request();
        if (!client.get().mayPostFor(request.storeId())) {
            reply(exchange, call, 403, "forbidden_store", PosReplies.forbiddenToPost(client.get().key(), request.storeId()));
            return;
        }
        Optional<Application> app = stores.current().applicationOf(request.storeId()).flatMap(applications::byId);
        if (app.isEmpty()) {
            reply(exchange, call, 409, "unmapped_store", PosReplies.error("unmapped_store", "store_id",
                    "store '" + request.storeId() + "' maps to no engine application (mappings/stores.yaml)"));
            return;
        }
        RequestKey key = new RequestKey(client.get().key(), request.clientId(), request.requestId());
        String fingerprint = Fingerprint.of(root.get());
        Answer answer;
        try {
            answer = answerOnce(key, call, fingerprint, request, app.get());
        } catch (DuplicateKeyException raced) {
            // the same request at once from elsewhere: its work and answer committed first, and this one's rolled back
            answer = calls.find(key).filter(first -> first.call().equals(call.wireName()) && first.fingerprint().equals(fingerprint))
                    .orElseGet(() -> conflict(request, call, fingerprint));
        } catch (EngineException.Busy busy) {
            exchange.getMessage().setHeader("Retry-After", "1");
            reply(exchange, call, 503, "busy", PosReplies.error("offer_busy", null, busy.getMessage()));
            return;
        }
        reply(exchange, call, answer.status(), answer.status() == 200 ? "ok" : "refused", answer.body());
    }

    /** The answer already given to this request id, or the call's work and its answer, recorded together. */
    private Answer answerOnce(RequestKey key, Call call, String fingerprint, OfferRequest request, Application app) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<Answer> first = calls.find(key);
            if (first.isPresent() && first.get().receivedAt().isBefore(now.minus(pos.idempotencyRetention()))) {
                calls.forget(key);
                first = Optional.empty();
            }
            if (first.isPresent()) {
                boolean same = first.get().call().equals(call.wireName()) && first.get().fingerprint().equals(fingerprint);
                return same ? first.get() : conflict(request, call, fingerprint);
            }
            Answer answer = perform(call, request, app, fingerprint, now);
            calls.record(key, request.storeId(), employee(request), answer);
            return answer;
        });
    }

    private Answer perform(Call call, OfferRequest request, Application app, String fingerprint, Instant now) {
        String scope = request.storeId() + SendTransactionReader.SESSION_SEPARATOR; // the store's transactions' sessions
        if (request instanceof OfferRequest.Release release) {
            String sessionId = release.transactionId() == null ? null
                    : TransactionRecord.sessionIdOf(release.storeId(), release.transactionId());
            OfferResult result = call == Call.UNLOCK ? offers.unlock(app, release.userOfferId(), scope, sessionId)
                    : offers.reinstate(app, release.userOfferId(), scope, sessionId);
            return answer(call, fingerprint, now, result, List.of(), "request_payload.user_offer_id");
        }
        OfferRequest.Check check = (OfferRequest.Check) request;
        JsonNode transaction = check.transactionNode();
        SessionMapping mapping = sessions.current();
        // the lock's transaction is the request's: its ids are read as a sale's, in the transaction's own fields
        Identity identity = customers.identify(app.id(), transaction, mapping);
        if (identity instanceof Identity.Invalid invalid) {
            return new Answer(call.wireName(), fingerprint, 400, PosReplies.error("invalid_profile",
                    "request_payload.transaction." + invalid.field().substring("request_payload.".length()), invalid.message()), now);
        }
        Optional<String> profile = identity.profileId();
        List<CartLine> cart = CartBuilder.cart(check.transaction(), catalog.current());
        String sessionId = TransactionRecord.sessionIdOf(check.storeId(), check.transaction().transactionId());
        SessionSnapshot session = new SessionSnapshot(sessionId, profile.orElse(null), check.storeId(), SessionState.OPEN,
                SessionFulfiller.items(app, cart), fulfiller.couponCodes(app, sessionId, profile.orElse(null), transaction,
                        check.transaction().discounts(), mapping),
                mapping.attributesOf(transaction), null);
        Offers.Lookup lookup = check.lookupType() == OfferRequest.LookupType.TTLCode
                ? new Offers.Lookup.ByCode(check.lookupCode()) : new Offers.Lookup.ById(Long.parseLong(check.lookupCode()));
        boolean alone = stores.current().discountsOf(check.storeId()) == DiscountsMode.POS;
        // judged as of the sale's time, as its close will be (campaign windows, budget periods); a time further ahead
        // than the worker believes is the gateway's, as there
        Instant sold = check.transaction().modifiedTime();
        Instant at = sold.isAfter(now.plus(pos.maxClockSkew())) ? now : sold;
        OfferResult result = offers.check(app, lookup, session, at, call == Call.REDEEM, properties.lockTimeout(), alone);
        return answer(call, fingerprint, now, result, cart, "request_payload.offer_lookup_code");
    }

    private static Answer answer(Call call, String fingerprint, Instant now, OfferResult result, List<CartLine> cart,
                                 String offerField) {
        if (result instanceof OfferResult.Granted granted) {
            return new Answer(call.wireName(), fingerprint, 200, OfferReplies.granted(granted, cart), now);
        }
        if (result instanceof OfferResult.Released) {
            return new Answer(call.wireName(), fingerprint, 200, OfferReplies.released(), now);
        }
        OfferReplies.Refusal refusal = OfferReplies.refused((OfferResult.Refused) result, offerField);
        return new Answer(call.wireName(), fingerprint, refusal.status(), refusal.body(), now);
    }

    /** Not recorded: the request id keeps the answer it was first given. */
    private Answer conflict(OfferRequest request, Call call, String fingerprint) {
        return new Answer(call.wireName(), fingerprint, 409, PosReplies.error("request_id_conflict", "request_id",
                "request_id '" + request.requestId() + "' was already used for a different call or payload"), clock.instant());
    }

    /** Who asked, for the record: unlock and reinstate name the employee; lock and redeem carry the transaction. */
    private static String employee(OfferRequest request) {
        return request instanceof OfferRequest.Release release ? release.employeeId() : null;
    }

    private void reply(Exchange exchange, Call call, int status, String result, String body) {
        count(call, result);
        PosIngress.replyBody(exchange, status, body);
    }

    private void count(Call call, String result) {
        meters.counter("tillgate.pos.offers", "call", call.wireName(), "result", result).increment();
    }
}
