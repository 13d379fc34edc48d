package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.pos.AcceptedRequest;
import io.tillgate.json.Fingerprint;
import io.tillgate.json.Fingerprint;
import io.tillgate.store.PosRequestStore;
import io.tillgate.store.RequestClaim;
import io.tillgate.store.RequestKey;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003FullRefund;
import static io.tillgate.PosFixtures.seed003PartialRefund;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SendTransactionApiTest extends GatewayTest {
    @Autowired
    PosRequestStore requests;
    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ConnectionFactory jms;

    private static List<String> operations(JsonNode view) {
        return IntStreamOf(view.get("outcomes")).mapToObj(i -> view.get("outcomes").get(i).get("operation").asText()).toList();
    }

    private static IntStream IntStreamOf(JsonNode array) {
        return IntStream.range(0, array.size());
    }

    @Test
    void seed003PurchasePartialRefundAndFullRefundBecomeCloseReturnAndCancel() {
        String txn = unique("T");
        GatewayClient.Reply purchase = client.send(envelope("store-1", unique("r"), seed003Purchase(txn)));
        assertThat(purchase.status()).isEqualTo(200);
        assertThat(purchase.json().get("status").asText()).isEqualTo("OK");
        assertThat(purchase.json().at("/payload/transaction_id").asText()).isEqualTo(txn);
        assertThat(purchase.json().at("/payload/job_id").asText()).hasSize(36);
        assertThat(client.send(envelope("store-1", unique("r"), seed003PartialRefund(txn))).status()).isEqualTo(200);
        assertThat(client.send(envelope("store-1", unique("r"), seed003FullRefund(txn))).status()).isEqualTo(200);

        JsonNode view = awaitOutcomes("store-1", txn, 3);
        assertThat(operations(view)).containsExactly("CLOSE", "RETURN", "CANCEL");
        JsonNode returned = view.at("/outcomes/1/plan/items");
        assertThat(returned.size()).isEqualTo(1);
        assertThat(returned.get(0).get("position").asInt()).isEqualTo(1);
        assertThat(returned.get(0).get("quantity").asInt()).isEqualTo(1);
        assertThat(view.at("/session/id").asText()).isEqualTo("store-1:" + txn);
        assertThat(view.at("/session/state").asText()).isEqualTo("cancelled");
        assertThat(view.at("/original/is_voided").asBoolean()).isTrue();
        assertThat(view.at("/session/cart/0/sku").asText()).isEqualTo("SKU-1001");
        assertThat(view.at("/session/cart/0/price").decimalValue()).isEqualByComparingTo("30.11");
        assertThat(view.at("/session/cart/1/returned_quantity").asInt()).isEqualTo(1);
        assertThat(view.at("/session/cart/1/line_id").asText()).isEqualTo("2"); // snake_case, as the POS API is
        assertThat(view.at("/session/cart/1").has("returnedQuantity")).isFalse();
        assertThat(view.at("/outcomes/0/plan/cart/0/line_id").asText()).isEqualTo("1");
        assertThat(view.at("/outcomes/0/processed_at").asText()).isNotBlank();
        assertThat(view.at("/outcomes/2/modified_time").asText()).isEqualTo("2026-03-05T16:20:00Z");
    }

    @Test
    void pricesAreShownAsPlainDecimalsWhateverTheTillsNotation() {
        String txn = unique("T");
        ObjectNode tx = seed003Purchase(txn);
        ((ObjectNode) tx.get("items").get(0)).put("unit_price", new BigDecimal("3.011E+1"));
        ((ObjectNode) tx.get("items").get(1)).put("unit_price", new BigDecimal("41.5200"));
        assertThat(client.send(envelope("store-1", unique("r"), tx)).status()).isEqualTo(200);
        JsonNode view = awaitOutcomes("store-1", txn, 1);
        assertThat(view.at("/session/cart/0/price").toString()).isEqualTo("30.11");
        assertThat(view.at("/session/cart/1/price").toString()).isEqualTo("41.52");
        assertThat(view.at("/outcomes/0/plan/cart/0/price").toString()).isEqualTo("30.11");
        assertThat(view.at("/original/items/0/unit_price").toString()).isEqualTo("30.11"); // the original: as Jackson reads it
    }

    @Test
    void theTransactionViewPagesItsOutcomes() {
        String txn = unique("T");
        client.send(envelope("store-1", unique("r"), seed003Purchase(txn)));
        client.send(envelope("store-1", unique("r"), seed003PartialRefund(txn)));
        client.send(envelope("store-1", unique("r"), seed003FullRefund(txn)));
        awaitOutcomes("store-1", txn, 3);
        JsonNode first = client.get("/api/2.0/transactions/store-1/" + txn + "?limit=2", GatewayClient.DEMO).json();
        assertThat(operations(first)).containsExactly("CLOSE", "RETURN");
        assertThat(first.at("/outcomes_page/total").asInt()).isEqualTo(3);
        assertThat(first.at("/outcomes_page/limit").asInt()).isEqualTo(2);
        JsonNode next = client.get("/api/2.0/transactions/store-1/" + txn + "?offset=2&limit=2", GatewayClient.DEMO).json();
        assertThat(operations(next)).containsExactly("CANCEL");
        assertThat(next.at("/outcomes_page/offset").asInt()).isEqualTo(2);
        assertThat(next.at("/session/state").asText()).isEqualTo("cancelled");
        for (String query : List.of("?limit=0", "?limit=1001", "?offset=-1", "?limit=abc")) {
            GatewayClient.Reply refused = client.get("/api/2.0/transactions/store-1/" + txn + query, GatewayClient.DEMO);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/code").asText()).isEqualTo("invalid_value");
        }
    }

    @Test
    void theSharedSeed003ExamplesGiveTheSameOutcomes() throws Exception {
        Path examples = Path.of("../shared/spec/examples");
        assumeTrue(Files.isDirectory(examples), "../shared is not beside the checkout");
        String txn = unique("T");
        for (String name : List.of("seed003-purchase", "seed003-partial-refund", "seed003-full-refund")) {
            ObjectNode envelope = (ObjectNode) io.tillgate.engine.json.Json.parse(Files.readString(examples.resolve(name + ".json")));
            envelope.put("request_id", unique("r"));
            ((ObjectNode) envelope.get("request_payload")).put("transaction_id", txn);
            assertThat(client.send(envelope).status()).isEqualTo(200);
        }
        JsonNode view = awaitOutcomes("store-1", txn, 3);
        assertThat(operations(view)).containsExactly("CLOSE", "RETURN", "CANCEL");
        assertThat(view.at("/outcomes/1/plan/items/0/position").asInt()).isEqualTo(1);
        assertThat(view.at("/outcomes/1/plan/items/0/quantity").asInt()).isEqualTo(1);
    }

    @Test
    void aRefundArrivingBeforeItsPurchaseIsOrderedByModifiedTimeNotArrival() {
        String txn = unique("T");
        client.send(envelope("store-1", unique("r"), seed003FullRefund(txn)));
        client.send(envelope("store-1", unique("r"), seed003Purchase(txn)));
        JsonNode view = awaitOutcomes("store-1", txn, 2);
        assertThat(operations(view)).containsExactly("CANCEL", "STALE");
        assertThat(view.at("/outcomes/0/plan/never_closed").asBoolean()).isTrue();
        assertThat(view.at("/session/state").asText()).isEqualTo("cancelled");
    }

    @Test
    void withoutCredentialsOrWithWrongOnesTheAnswerIs401() {
        ObjectNode body = envelope("store-1", unique("r"), seed003Purchase(unique("T")));
        GatewayClient.Reply none = client.post("/api/2.0/send_transaction", null, "application/json", body.toString());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Basic realm=\"tillgate\"");
        assertThat(none.json().at("/errors/0/code").asText()).isEqualTo("unauthorized");
        GatewayClient.Reply wrong = client.post("/api/2.0/send_transaction",
                GatewayClient.basic("demo-pos", "guess"), "application/json", body.toString());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(client.get("/api/2.0/transactions/store-1/x", null).status()).isEqualTo(401);
    }

    @Test
    void aClientPostingForAStoreItMayNotPostForGets403() {
        String auth = GatewayClient.basic("store-2-till", "s2-secret");
        GatewayClient.Reply other = client.post("/api/2.0/send_transaction", auth, "application/json",
                envelope("store-1", unique("r"), seed003Purchase(unique("T"))).toString());
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().at("/errors/0/field").asText()).isEqualTo("store_id");
        GatewayClient.Reply own = client.post("/api/2.0/send_transaction", auth, "application/json",
                envelope("store-2", unique("r"), seed003Purchase(unique("T"))).toString());
        assertThat(own.status()).isEqualTo(200);
        assertThat(client.get("/api/2.0/transactions/store-1/x", auth).status()).isEqualTo(403);
    }

    @Test
    void whileItsRouteIsStoppedThePosDoorAnswers503NotReadyAndTakesNothing() throws Exception {
        String txn = unique("T");
        camel.getRouteController().stopRoute("pos-send-transaction");
        try {
            GatewayClient.Reply refused = client.send(envelope("store-1", unique("r"), seed003Purchase(txn)));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(refused.json().at("/errors/0/code").asText()).isEqualTo("not_ready");
            assertThat(refused.json().at("/errors/0/message").asText())
                    .isEqualTo("the route pos-send-transaction is stopped; nothing was accepted, retry later");
        } finally {
            camel.getRouteController().startRoute("pos-send-transaction");
        }
        assertThat(client.send(envelope("store-1", unique("r"), seed003Purchase(txn))).status()).isEqualTo(200);
        assertThat(awaitOutcomes("store-1", txn, 1).get("outcomes").size()).isEqualTo(1);
    }

    @Test
    void aTransactionIdWithSpacesOrNonAsciiIsFoundAtItsPercentEncodedPath() {
        String txn = unique("T") + " é#?%\"";
        assertThat(client.send(envelope("store-1", unique("r"), seed003Purchase(txn))).status()).isEqualTo(200);
        await().atMost(java.time.Duration.ofSeconds(20)).until(() -> outcomeCount("store-1", txn) == 1);
        GatewayClient.Reply view = client.get("/api/2.0/transactions/store-1/"
                + org.springframework.web.util.UriUtils.encodePathSegment(txn, java.nio.charset.StandardCharsets.UTF_8), GatewayClient.DEMO);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("transaction_id").asText()).isEqualTo(txn);
    }

    @Test
    void theOpenApiDocumentOfThePosApiIsServedToPosClients() {
        GatewayClient.Reply document = client.get("/api/2.0/openapi.json", GatewayClient.DEMO);
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.json().get("paths").fieldNames()).toIterable().containsExactly("/api/2.0/send_transaction",
                "/api/2.0/lock", "/api/2.0/redeem", "/api/2.0/unlock", "/api/2.0/reinstate",
                "/api/2.0/transactions/{store_id}/{transaction_id}", "/api/2.0/jobs/{job_id}", "/api/2.0/openapi.json");
        assertThat(document.json().at("/paths/~1api~12.0~1send_transaction/post/responses").fieldNames()).toIterable()
                .containsExactly("200", "400", "401", "403", "409", "413", "415", "405", "500", "503");
        assertThat(client.get("/api/2.0/openapi.json", null).status()).isEqualTo(401);
    }

    @Test
    void aWrongContentTypeIs415() {
        GatewayClient.Reply reply = client.post("/api/2.0/send_transaction", GatewayClient.DEMO, "text/plain",
                envelope("store-1", unique("r"), seed003Purchase(unique("T"))).toString());
        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.json().at("/errors/0/code").asText()).isEqualTo("unsupported_media_type");
        assertThat(reply.json().at("/errors/0/field").asText()).isEqualTo("Content-Type");
    }

    @Test
    void aFormEncodedBodyAsCurlSendsByDefaultIs415BeforeAnythingReadsIt() {
        GatewayClient.Reply form = client.post("/api/2.0/send_transaction", GatewayClient.DEMO,
                "application/x-www-form-urlencoded", "{}");
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.json().at("/errors/0/message").asText())
                .isEqualTo("Content-Type must be application/json, not application/x-www-form-urlencoded");
        GatewayClient.Reply encoded = client.post("/%61pi/2.0/send_transaction", GatewayClient.DEMO,
                "application/x-www-form-urlencoded", "{}"); // the same door, however its path is spelt
        assertThat(encoded.status()).isEqualTo(415);
        GatewayClient.Reply none = client.post("/api/2.0/send_transaction", GatewayClient.DEMO, null, "{}");
        assertThat(none.status()).isEqualTo(415);
        GatewayClient.Reply utf16 = client.post("/api/2.0/send_transaction", GatewayClient.DEMO,
                "application/json; charset=UTF-16", "{}");
        assertThat(utf16.status()).isEqualTo(415);
        assertThat(utf16.json().at("/errors/0/message").asText()).isEqualTo("the body must be UTF-8, not charset=UTF-16");
        GatewayClient.Reply utf8 = client.post("/api/2.0/send_transaction", GatewayClient.DEMO,
                "application/json; charset=utf-8", envelope("store-1", unique("r"), seed003Purchase(unique("T"))).toString());
        assertThat(utf8.status()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotUtf8Is400AndNothingIsQueued() {
        String txn = unique("T");
        String json = envelope("store-1", unique("r"), seed003Purchase(txn)).toString();
        for (byte[] body : List.of(json.getBytes(java.nio.charset.StandardCharsets.UTF_16),
                json.getBytes(java.nio.charset.StandardCharsets.UTF_16LE),
                ("\uFEFF" + json).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                json.replace("store-1", "st\u00e9re-1").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/2.0/send_transaction"))
                    .header("Authorization", GatewayClient.DEMO).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            GatewayClient.Reply reply = client.execute(request);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().at("/errors/0/code").asText()).isEqualTo("malformed_json");
            assertThat(reply.json().at("/errors/0/message").asText()).startsWith("the body ");
        }
        assertThat(client.get("/api/2.0/transactions/store-1/" + txn, GatewayClient.DEMO).status()).isEqualTo(404);
    }

    @Test
    void aBodyOverTheCapIs413WhetherItsLengthIsDeclaredOrChunked() {
        String big = "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        GatewayClient.Reply declared = client.post("/api/2.0/send_transaction", GatewayClient.DEMO, "application/json", big);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.json().at("/errors/0/code").asText()).isEqualTo("payload_too_large");
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/2.0/send_transaction"))
                .header("Authorization", GatewayClient.DEMO).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build();
        assertThat(client.execute(chunked).status()).isEqualTo(413);
    }

    @Test
    void aChunkedBodyUnderTheCapIsAccepted() {
        byte[] body = envelope("store-1", unique("r"), seed003Purchase(unique("T"))).toString().getBytes();
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/2.0/send_transaction"))
                .header("Authorization", GatewayClient.DEMO).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();
        assertThat(client.execute(chunked).status()).isEqualTo(200);
    }

    @Test
    void malformedJsonIs400NamingTheBody() {
        GatewayClient.Reply reply = client.post("/api/2.0/send_transaction", GatewayClient.DEMO, "application/json", "{\"store_id\": ");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/code").asText()).isEqualTo("malformed_json");
        assertThat(reply.json().at("/errors/0/field").asText()).isEqualTo("$");
        assertThat(reply.json().at("/errors/0/message").asText()).contains("line 1");
    }

    @Test
    void aValidationErrorIs400WithTheFieldPathAndNothingIsQueued() {
        String txn = unique("T");
        ObjectNode tx = seed003Purchase(txn);
        ((ObjectNode) tx.get("items").get(1)).put("quantity", 0);
        GatewayClient.Reply reply = client.send(envelope("store-1", unique("r"), tx));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("status").asText()).isEqualTo("error");
        assertThat(reply.json().at("/errors/0/field").asText()).isEqualTo("request_payload.items[1].quantity");
        assertThat(client.get("/api/2.0/transactions/store-1/" + txn, GatewayClient.DEMO).status()).isEqualTo(404);
    }

    @Test
    void aRepeatedRequestReturnsTheStoredResponseAndQueuesNothing() {
        String txn = unique("T");
        ObjectNode purchase = envelope("store-1", unique("r"), seed003Purchase(txn));
        GatewayClient.Reply first = client.send(purchase);
        awaitOutcomes("store-1", txn, 1);
        GatewayClient.Reply again = client.send(purchase);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        // A marker behind it in the same message group: had the repeat been queued, it would come first.
        client.send(envelope("store-1", unique("r"), seed003PartialRefund(txn)));
        assertThat(operations(awaitOutcomes("store-1", txn, 2))).containsExactly("CLOSE", "RETURN");
    }

    @Test
    void theSameRequestIdWithADifferentPayloadIs409() {
        String requestId = unique("r");
        assertThat(client.send(envelope("store-1", requestId, seed003Purchase(unique("T")))).status()).isEqualTo(200);
        GatewayClient.Reply conflict = client.send(envelope("store-1", requestId, seed003Purchase(unique("T"))));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().at("/errors/0/code").asText()).isEqualTo("request_id_conflict");
        assertThat(conflict.json().at("/errors/0/field").asText()).isEqualTo("request_id");
    }

    @Test
    void theSameRequestIdFromAnotherPosClientIsItsOwnRequest() {
        String requestId = unique("r");
        assertThat(client.send(envelope("store-1", requestId, seed003Purchase(unique("T")))).status()).isEqualTo(200);
        ObjectNode otherTill = envelope("store-1", requestId, seed003Purchase(unique("T"))).put("client_id", "pos-18");
        assertThat(client.send(otherTill).status()).isEqualTo(200);
    }

    @Test
    void aRequestClaimedButNeverConfirmedIsQueuedAgainUnderItsJobIdWhenRetried() {
        String txn = unique("T");
        String requestId = unique("r");
        ObjectNode purchase = envelope("store-1", requestId, seed003Purchase(txn));
        // As if the gateway had died between claiming the request and the broker's acknowledgement.
        RequestClaim claim = requests.claim(new RequestKey("demo-pos", "pos-17", requestId), Fingerprint.of(purchase),
                "store-1", txn, clock.instant(), Duration.ofHours(24));
        String jobId = ((RequestClaim.Fresh) claim).jobId();
        GatewayClient.Reply retry = client.send(purchase);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().at("/payload/job_id").asText()).isEqualTo(jobId);
        JsonNode view = awaitOutcomes("store-1", txn, 1);
        assertThat(view.at("/outcomes/0/job_id").asText()).isEqualTo(jobId);
        assertThat(view.at("/outcomes/0/operation").asText()).isEqualTo("CLOSE");
    }

    @Test
    void aRepeatWhileTheFirstStillWaitsInTheQueueIsQueuedUnderTheSameJobAndAppliedOnce() throws Exception {
        String txn = unique("T");
        ObjectNode purchase = envelope("store-1", unique("r"), seed003Purchase(txn));
        double processedBefore = meters.counter("tillgate.worker.jobs", "operation", "ALREADY_PROCESSED").count();
        camel.getRouteController().stopRoute("transaction-worker");
        GatewayClient.Reply first;
        GatewayClient.Reply again;
        try {
            first = client.send(purchase);
            again = client.send(purchase);
        } finally {
            camel.getRouteController().startRoute("transaction-worker");
        }
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        String jobId = first.json().at("/payload/job_id").asText();
        assertThat(operations(awaitOutcomes("store-1", txn, 1))).containsExactly("CLOSE");
        // The second copy of the job is taken and recognised as done, and the claim is confirmed.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                meters.counter("tillgate.worker.jobs", "operation", "ALREADY_PROCESSED").count() == processedBefore + 1);
        assertThat(outcomeCount("store-1", txn)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT status FROM pos_request WHERE job_id = ?").param(jobId).query(String.class).single())
                .isEqualTo("ACCEPTED");
    }

    @Test
    void theQueuedMessageIsTheAcceptedRequestWithItsGroupAndJobIdAndTheAnswerEchoesNoRequestHeader() throws Exception {
        String txn = unique("T");
        ObjectNode purchase = envelope("store-1", unique("r"), seed003Purchase(txn));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/2.0/send_transaction"))
                .header("Authorization", GatewayClient.DEMO).header("Content-Type", "application/json").header("X-Till", "7")
                .POST(HttpRequest.BodyPublishers.ofString(purchase.toString())).build();
        camel.getRouteController().stopRoute("transaction-worker");
        Set<String> properties = new TreeSet<>();
        GatewayClient.Reply reply;
        AcceptedRequest accepted;
        try {
            reply = client.execute(request);
            String jobId = reply.json().at("/payload/job_id").asText();
            try (Connection connection = jms.createConnection(); Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                connection.start();
                Enumeration<?> queued = session.createBrowser(session.createQueue("tillgate.transactions"),
                        "tillgateJobId = '" + jobId + "'").getEnumeration();
                Message message = (Message) queued.nextElement();
                Collections.list(message.getPropertyNames()).forEach(name -> properties.add((String) name));
                assertThat(message.getStringProperty("JMSXGroupID")).isEqualTo("store-1:" + txn);
                accepted = AcceptedRequest.decode(((jakarta.jms.TextMessage) message).getText());
            }
        } finally {
            camel.getRouteController().startRoute("transaction-worker");
        }
        assertThat(reply.status()).isEqualTo(200);
        properties.remove("JMSXDeliveryCount"); // the broker's, on every delivery
        assertThat(properties).containsExactly("JMSXGroupID", "tillgateJobId");
        // parsed and checked at the door: the worker reads it back as it is
        assertThat(accepted.v()).isEqualTo(1);
        assertThat(accepted.credential()).isEqualTo("demo-pos");
        assertThat(accepted.request().storeId()).isEqualTo("store-1");
        assertThat(accepted.request().transaction().transactionId()).isEqualTo(txn);
        assertThat(accepted.fingerprint()).isEqualTo(Fingerprint.of(purchase.get("request_payload")));
        assertThat(accepted.payload().toString()).isEqualTo(purchase.get("request_payload").toString());
        assertThat(reply.header("X-Till")).isNull();
        assertThat(reply.header("Authorization")).isNull();
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(operations(awaitOutcomes("store-1", txn, 1))).containsExactly("CLOSE");
    }

    @Test
    void anArithmeticMismatchIsAcceptedWithTheWarningStoredWithTheOutcome() {
        String txn = unique("T");
        ObjectNode tx = seed003Purchase(txn).put("subtotal", new BigDecimal("100.00"));
        assertThat(client.send(envelope("store-1", unique("r"), tx)).status()).isEqualTo(200);
        JsonNode view = awaitOutcomes("store-1", txn, 1);
        assertThat(view.at("/outcomes/0/warnings/0/code").asText()).isEqualTo("subtotal_mismatch");
        assertThat(view.at("/outcomes/0/warnings/0/field").asText()).isEqualTo("request_payload.subtotal");
    }

    @Test
    void anUnknownTransactionIs404() {
        GatewayClient.Reply reply = client.get("/api/2.0/transactions/store-1/never-sent", GatewayClient.DEMO);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().at("/errors/0/code").asText()).isEqualTo("not_found");
    }
}
