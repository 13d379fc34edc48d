package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.json.Fingerprint;
import io.tillgate.engine.json.Json;
import io.tillgate.pos.ArithmeticPolicy;
import io.tillgate.pos.SendTransaction;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.pos.ValidationResult;
import io.tillgate.store.PosRequestStore;
import io.tillgate.store.RequestClaim;
import io.tillgate.store.RequestKey;
import io.tillgate.worker.JobResult;
import io.tillgate.worker.QueuedMessage;
import io.tillgate.worker.QueuedRequests;
import io.tillgate.worker.RetryPolicy;
import io.tillgate.pos.AcceptedRequest;
import io.tillgate.worker.TransactionWorker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003FullRefund;
import static io.tillgate.PosFixtures.seed003PartialRefund;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the door accepts, the worker can carry out: requests built from valid ones by random mutations
 * (hostile numbers, lengths, types, times, removed and repeated parts) go through the door's checks, and every
 * accepted one through the door's claim and the worker's processing, on the real database. None may end as
 * anything but applied: not dead-lettered, not retried. The seed is printed; {@code -Dtillgate.property.seed=…}
 * replays a run, {@code -Dtillgate.property.cases=…} changes its size.
 */
class DoorToWorkerPropertyTest extends GatewayTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final List<JsonNode> HOSTILE = List.of(
            NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(1), NODES.numberNode(2_147_483_648L),
            NODES.numberNode(new BigDecimal("1E+15")), NODES.numberNode(new BigDecimal("999999999999999.99")),
            NODES.numberNode(new BigDecimal("1E+999999999")), NODES.numberNode(new BigDecimal("1E-11")),
            NODES.numberNode(new BigDecimal("0.1234567890")), NODES.numberNode(new BigDecimal("-0.005")),
            NODES.numberNode(new BigInteger("9".repeat(200))), NODES.numberNode(new BigInteger("9".repeat(201))),
            NODES.numberNode(10_000), NODES.numberNode(10_001),
            NODES.textNode(""), NODES.textNode(" "), NODES.textNode("x".repeat(200)), NODES.textNode("x".repeat(201)),
            NODES.textNode("é".repeat(200)), NODES.textNode("a:b"), NODES.textNode("a/b"), NODES.textNode("a\\b"),
            NODES.textNode("nul\u0000"), NODES.textNode("\uD83D\uDE00"), NODES.textNode("Sub category 1"),
            NODES.textNode("2026-03-01T10:00:00Z"), NODES.textNode("+999999999-12-31T23:59:59.999999999-18:00"),
            NODES.textNode("1970-01-01T00:00:00Z"), NODES.textNode("9999-12-31T23:59:59Z"), NODES.textNode("1e15"),
            NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode(),
            NODES.arrayNode(), NODES.objectNode(), NODES.arrayNode().add(1).add("two"), NODES.objectNode().put("a", 1));
    private static final List<Function<String, ObjectNode>> BASES = List.of(
            txn -> seed003Purchase(txn), txn -> seed003PartialRefund(txn), txn -> seed003FullRefund(txn),
            txn -> seed003Purchase(txn).put("is_closed", false));

    @Autowired
    TransactionWorker worker;
    @Autowired
    PosRequestStore requests;
    @Autowired
    RetryPolicy retryPolicy;
    @Autowired
    QueuedRequests queuedRequests;

    private final SendTransactionReader door = new SendTransactionReader(ArithmeticPolicy.WARN);

    @Test
    void whateverTheDoorAcceptsTheWorkerCarriesOut() {
        long seed = Long.getLong("tillgate.property.seed", System.nanoTime());
        int cases = Integer.getInteger("tillgate.property.cases", 2_000);
        Random random = new Random(seed);
        System.out.println("DoorToWorkerPropertyTest: seed " + seed + ", " + cases + " cases");
        int accepted = 0;
        String run = unique("P");
        for (int i = 0; i < cases; i++) {
            // a few transactions get several requests: diffs against a stored original are exercised too
            String txn = run + "-" + random.nextInt(Math.max(1, cases / 3));
            ObjectNode request = envelope("store-1", run + "-r" + i, BASES.get(random.nextInt(BASES.size())).apply(txn));
            int mutations = 1 + random.nextInt(2);
            for (int m = 0; m < mutations; m++) {
                mutate(request, random);
            }
            byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
            JsonNode root;
            try {
                root = Json.parseUtf8(body);
            } catch (java.io.IOException refused) {
                continue; // a 400 at the door
            }
            if (!(door.read(root) instanceof ValidationResult.Valid valid)) {
                continue;
            }
            accepted++;
            SendTransaction accepted1 = valid.request();
            RequestKey key = new RequestKey("demo-pos", accepted1.clientId(), accepted1.requestId());
            RequestClaim claim = requests.claim(key, Fingerprint.of(root), accepted1.storeId(),
                    accepted1.transaction().transactionId(), Instant.now(), Duration.ofHours(24));
            if (!(claim instanceof RequestClaim.Fresh fresh)) {
                continue; // a repeat of an earlier case's request id: answered from the claim, nothing queued
            }
            JsonNode payload = root.get("request_payload"); // queued as the door queues it
            String queued = AcceptedRequest.of("demo-pos", accepted1, valid.warnings(), Fingerprint.of(payload), payload).encode();
            List<JobResult> results = worker.processBatch(
                    queuedRequests.read(List.of(new QueuedMessage(fresh.jobId(), Map.of(), queued, 1))), retryPolicy);
            assertThat(results).as("seed %d, case %d: %s", seed, i, request).hasSize(1);
            assertThat(results.get(0)).as("seed %d, case %d: %s", seed, i, request).isInstanceOf(JobResult.Applied.class);
        }
        System.out.println("DoorToWorkerPropertyTest: " + accepted + " of " + cases + " accepted and carried out");
        assertThat(accepted).as("the mutations must leave many requests acceptable").isGreaterThan(cases / 10);
    }

    /** One mutation: a value replaced by a hostile one, a field removed, or a line repeated or resized. */
    private static void mutate(ObjectNode request, Random random) {
        List<Map.Entry<JsonNode, String>> fields = new ArrayList<>();
        collect(request, fields);
        Map.Entry<JsonNode, String> target = fields.get(random.nextInt(fields.size()));
        int kind = random.nextInt(10);
        if (target.getKey() instanceof ObjectNode parent) {
            if (kind == 0) {
                parent.remove(target.getValue());
            } else if (kind <= 2 && target.getValue().equals("quantity")) {
                parent.put("quantity", random.nextInt(12_000) - 1_000);
            } else {
                parent.set(target.getValue(), HOSTILE.get(random.nextInt(HOSTILE.size())).deepCopy());
            }
        } else if (target.getKey() instanceof ArrayNode array) {
            int index = Integer.parseInt(target.getValue());
            if (kind <= 2) {
                array.add(array.get(index).deepCopy()); // a repeated line, payment or discount
            } else if (kind == 3) {
                array.remove(index);
            } else {
                array.set(index, HOSTILE.get(random.nextInt(HOSTILE.size())).deepCopy());
            }
        }
    }

    /** Every (container, field name or index) of the request, to pick a mutation's place from. */
    private static void collect(JsonNode node, List<Map.Entry<JsonNode, String>> into) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                into.add(Map.entry(node, name));
                collect(node.get(name), into);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                into.add(Map.entry(node, String.valueOf(i)));
                collect(node.get(i), into);
            }
        }
    }
}
