package io.tillgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import io.tillgate.store.Outcome;
import io.tillgate.store.TransactionRecord;
import io.tillgate.store.TransactionStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/2.0/transactions/{store_id}/{transaction_id}}: the stored original, its session and
 * state, and its processed requests' outcomes, oldest first, a page at a time ({@code offset}, {@code limit}).
 */
@Component("transactionQuery")
public class TransactionQuery {
    /** Outcomes per answer: a transaction's requests are few, but nothing stops a till re-sending one forever. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    private final PosClients clients;
    private final TransactionStore store;

    public TransactionQuery(PosClients clients, TransactionStore store) {
        this.clients = clients;
        this.store = store;
    }

    public void view(Exchange exchange) {
        Message in = exchange.getMessage();
        String storeId = PosIngress.pathParameter(in, "store_id");
        String transactionId = PosIngress.pathParameter(in, "transaction_id");
        Optional<PosProperties.Client> client = clients.authenticate(in.getHeader("Authorization", String.class));
        if (client.isEmpty()) {
            PosIngress.unauthorized(exchange);
            return;
        }
        if (!client.get().mayPostFor(storeId)) {
            PosIngress.forbiddenToRead(exchange, client.get(), storeId);
            return;
        }
        Integer offset = parameter(in, "offset", 0, 0, Integer.MAX_VALUE, exchange);
        Integer limit = parameter(in, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, exchange);
        if (offset == null || limit == null) {
            return;
        }
        Optional<TransactionRecord> record = store.load(storeId, transactionId);
        int total = store.outcomeCount(storeId, transactionId);
        if (record.isEmpty() && total == 0) {
            PosIngress.replyBody(exchange, 404, PosReplies.error("not_found", "transaction_id",
                    "no transaction '" + transactionId + "' has been processed for store '" + storeId + "'"));
            return;
        }
        List<Outcome> outcomes = store.outcomes(storeId, transactionId, offset, limit);
        ObjectNode body = render(storeId, transactionId, record, outcomes);
        body.putObject("outcomes_page").put("offset", offset).put("limit", limit).put("total", total);
        PosIngress.replyBody(exchange, 200, body.toString());
    }

    /** A whole-number query parameter within bounds, its default when absent; null (answered 400) when not. */
    private static Integer parameter(Message in, String name, int fallback, int min, int max, Exchange exchange) {
        String text = in.getHeader(name, String.class);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, as any value out of bounds
        }
        PosIngress.replyBody(exchange, 400, PosReplies.error("invalid_value", name,
                name + " must be a whole number from " + min + " to " + max));
        return null;
    }

    /**
     * The POS API speaks snake_case, like the till's own payload: cart items and plans are stored with the
     * engine's camelCase names ({@code lineId}, {@code returnedQuantity}) and renamed here. Attribute maps keep
     * the names the catalog gives them; effects keep Talon.One's names.
     */
    static JsonNode snakeCase(JsonNode node) {
        if (node == null || node.isNull()) {
            return node;
        }
        if (node.isArray()) {
            ArrayNode renamed = Json.MAPPER.createArrayNode();
            node.forEach(element -> renamed.add(snakeCase(element)));
            return renamed;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode renamed = Json.MAPPER.createObjectNode();
        node.fields().forEachRemaining(field -> renamed.set(
                field.getKey().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT),
                field.getKey().equals("attributes") ? field.getValue() : snakeCase(field.getValue())));
        return renamed;
    }

    /** A transaction whose every request was rejected has outcomes but no original and no session: both null. */
    private static ObjectNode render(String storeId, String transactionId, Optional<TransactionRecord> stored,
                                     List<Outcome> outcomes) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("store_id", storeId)
                .put("transaction_id", transactionId);
        if (stored.isPresent()) {
            TransactionRecord record = stored.get();
            ObjectNode session = body.putObject("session")
                    .put("id", record.sessionId())
                    .put("state", record.session().state().wireName());
            session.set("cart", snakeCase(Json.MAPPER.valueToTree(record.session().cart())));
            body.set("original", record.original());
        } else {
            body.putNull("session");
            body.putNull("original");
        }
        ArrayNode list = body.putArray("outcomes");
        outcomes.forEach(o -> list.add(outcome(o)));
        return body;
    }

    /** One processed request's outcome, as the transaction and job views show it. */
    static ObjectNode outcome(Outcome o) {
        ObjectNode item = Json.MAPPER.createObjectNode()
                .put("job_id", o.jobId())
                .put("request_id", o.requestId())
                .put("client_id", o.clientId())
                .put("modified_time", o.modifiedTime().toString())
                .put("operation", o.operation().name())
                .put("reason", o.reason());
        item.set("plan", snakeCase(o.plan()));
        item.set("warnings", Json.MAPPER.valueToTree(o.warnings()));
        item.put("processed_at", o.processedAt().toString());
        item.put("session_operation", o.sessionOperation());
        item.set("effects", o.effects());
        return item;
    }
}
