package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.payment;
import static io.tillgate.PosFixtures.seed003FullRefund;
import static io.tillgate.PosFixtures.seed003PartialRefund;
import static io.tillgate.PosFixtures.seed003Purchase;
import static io.tillgate.PosFixtures.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POS transactions through the whole gateway: HTTP, queue, translator, engine, and the effects
 * topic, read by a durable subscriber. The demo campaigns apply: 10% off shirts and accessories per item
 * and 1 point per whole dollar (campaign 10), 20% with the coupon SPRING-20-ALL-34001 (campaign 7).
 */
class EffectsEndToEndTest extends GatewayTest {
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    JmsTemplate jms;
    @Autowired
    MeterRegistry meters;
    private final List<JMSContext> contexts = new ArrayList<>();

    @AfterEach
    void close() {
        contexts.forEach(JMSContext::close);
    }

    /** A durable subscription to this transaction's events, created before anything is published. */
    private JMSConsumer subscribe(String transactionId) {
        JMSContext context = connectionFactory.createContext();
        contexts.add(context);
        return context.createSharedDurableConsumer(context.createTopic("tillgate.effects"), "test-" + transactionId,
                "transactionId = '" + transactionId + "'");
    }

    private static List<JsonNode> receive(JMSConsumer consumer, int count) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message m = consumer.receive(15_000);
            assertThat(m).as("event " + (i + 1) + " of " + count).isNotNull();
            JsonNode event = Json.parse(m.getBody(String.class));
            assertThat(m.getStringProperty("eventId")).isEqualTo(event.get("eventId").asText());
            assertThat(m.getStringProperty("eventType")).isEqualTo(event.get("eventType").asText());
            events.add(event);
        }
        assertThat(consumer.receive(300)).as("no further event").isNull();
        return events;
    }

    private static List<String> effects(JsonNode event) {
        List<String> list = new ArrayList<>();
        event.get("effects").forEach(e -> {
            JsonNode p = e.get("props");
            String at = p.has("position") ? " @" + p.get("position").asInt() + "/" + p.get("subPosition").asInt()
                    : p.has("cartItemPosition") ? " @" + p.get("cartItemPosition").asInt() + "/" + p.get("cartItemSubPosition").asInt() : "";
            JsonNode value = p.get("value");
            list.add(e.get("effectType").asText() + " " + (value.isNumber() ? value.decimalValue().toPlainString() : value.asText()) + at);
        });
        return list;
    }

    private ObjectNode withCustomer(ObjectNode tx, String customer) {
        ((ObjectNode) tx.get("payments").get(0)).put("user_id", customer);
        return tx;
    }

    @Test
    void seed003PurchasePartialRefundAndFullRefundPublishExactDiscountsPointsAndTheirRollbacks() throws Exception {
        String txn = unique("T");
        String customer = unique("customer");
        JMSConsumer events = subscribe(txn);
        assertThat(client.send(envelope("store-1", unique("r"), withCustomer(seed003Purchase(txn), customer))).status()).isEqualTo(200);
        assertThat(client.send(envelope("store-1", unique("r"), withCustomer(seed003PartialRefund(txn), customer))).status()).isEqualTo(200);
        assertThat(client.send(envelope("store-1", unique("r"), withCustomer(seed003FullRefund(txn), customer))).status()).isEqualTo(200);

        List<JsonNode> published = receive(events, 3);
        assertThat(published).extracting(e -> e.get("eventType").asText() + " " + e.get("state").asText())
                .containsExactly("session.closed closed", "session.partially_returned partially_returned", "session.cancelled cancelled");
        assertThat(published.get(0).get("customerSessionId").asText()).isEqualTo("store-1:" + txn);
        assertThat(published.get(0).get("profileId").asText()).isEqualTo(customer);
        // 10% of 30.11 = 3.011 and of 41.52 = 4.152, at the cent, HALF_EVEN; 101 points (101.74 dollars) spread
        // over the units by price: 29.89, 29.89, 41.22 (the leftover cent to the largest remainder).
        assertThat(effects(published.get(0))).containsExactly(
                "setDiscountPerItem 3.01 @0/0", "setDiscountPerItem 3.01 @0/1", "setDiscountPerItem 4.15 @1/0",
                "addLoyaltyPoints 101.00");
        assertThat(effects(published.get(1))).containsExactly("rollbackDiscount 4.15 @1/0", "rollbackAddedLoyaltyPoints 41.22 @1/0");
        assertThat(effects(published.get(2))).containsExactly(
                "rollbackDiscount 3.01 @0/0", "rollbackDiscount 3.01 @0/1", "rollbackAddedLoyaltyPoints 59.78");

        JsonNode view = awaitOutcomes("store-1", txn, 3);
        assertThat(view.at("/outcomes/0/session_operation").asText()).isEqualTo("update closed");
        assertThat(view.at("/outcomes/1/session_operation").asText()).isEqualTo("return");
        assertThat(view.at("/outcomes/2/session_operation").asText()).isEqualTo("update cancelled");
        assertThat(view.at("/outcomes/1/effects/0/props/value").decimalValue()).isEqualByComparingTo("4.15");
        JsonNode balance = client.get("/v1/loyalty_programs/1/profile/" + customer + "/balances", EngineClient.MANAGEMENT).json();
        assertThat(balance.at("/balance/activePoints").decimalValue()).isEqualByComparingTo("0");
    }

    /** A refund after the void, and an older version after both: each changed nothing, and says why on the bus. */
    @Test
    void requestsThatChangeNothingPublishWhyTheyWereRejected() throws Exception {
        String txn = unique("T");
        JMSConsumer events = subscribe(txn);
        client.send(envelope("store-1", unique("r"), seed003Purchase(txn)));
        client.send(envelope("store-1", unique("r"), seed003FullRefund(txn)));
        String refundRequest = unique("r");
        String refundJob = client.send(envelope("store-1", refundRequest, seed003PartialRefund(txn).put("modified_time",
                "2026-03-06T09:00:00.000Z"))).json().at("/payload/job_id").asText();
        client.send(envelope("store-1", unique("r"), seed003Purchase(txn).put("modified_time", "2026-02-01T00:00:00.000Z")));

        List<JsonNode> published = receive(events, 4);
        assertThat(published).extracting(e -> e.get("eventType").asText() + " " + e.get("reason").asText())
                .containsExactly("session.closed null", "session.cancelled null", "transaction.rejected already_cancelled",
                        "transaction.rejected stale");
        JsonNode rejected = published.get(2);
        assertThat(rejected.get("jobId").asText()).isEqualTo(refundJob);
        assertThat(rejected.get("requestId").asText()).isEqualTo(refundRequest);
        assertThat(rejected.get("customerSessionId").asText()).isEqualTo("store-1:" + txn);
        assertThat(rejected.get("state").isNull()).isTrue();
        assertThat(rejected.get("effects")).isEmpty();
        assertThat(published.get(0).get("jobId").asText()).hasSize(36);
    }

    /** The same job queued again after its work committed, or twice at once: found processed, published once. */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aJobQueuedAgainIsFoundProcessedAndItsEventsArePublishedOnce(CapturedOutput output) throws Exception {
        String later = unique("T"), together = unique("T");
        JMSConsumer laterEvents = subscribe(later);
        JMSConsumer togetherEvents = subscribe(together);
        String laterJob = UUID.randomUUID().toString(), togetherJob = UUID.randomUUID().toString();

        queueByHand(laterJob, later, 1);
        JsonNode first = receive(laterEvents, 1).get(0);
        double againBefore = alreadyProcessed();
        queueByHand(laterJob, later, 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> alreadyProcessed() > againBefore);
        assertThat(laterEvents.receive(1_000)).as("the copy the broker already has is dropped").isNull();
        assertThat(first.get("eventType").asText()).isEqualTo("session.closed");

        queueByHand(togetherJob, together, 2);
        assertThat(receive(togetherEvents, 1)).extracting(e -> e.get("eventType").asText()).containsExactly("session.closed");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pos_outcome WHERE job_id IN (?, ?)").params(laterJob, togetherJob)
                .query(Integer.class).single()).isEqualTo(2);
        assertThat(output.getOut()).as("the broker's drop of a copy is the design working, not a warning")
                .doesNotContain("AMQ222059").doesNotContain(later);
    }

    /** As an operator might, or a broker that delivered a message twice: the job id and group the door sets. */
    private void queueByHand(String jobId, String transactionId, int copies) {
        for (int i = 0; i < copies; i++) {
            jms.convertAndSend("tillgate.transactions", envelope("store-1", unique("r"), seed003Purchase(transactionId)).toString(), m -> {
                m.setStringProperty("tillgateJobId", jobId);
                m.setStringProperty("JMSXGroupID", "store-1:" + transactionId);
                return m;
            });
        }
    }

    private double alreadyProcessed() {
        return meters.counter("tillgate.worker.jobs", "operation", "ALREADY_PROCESSED").count();
    }

    @Test
    void seed000FromThePosSideGivesTheEnginesEffectsAndBudgets() throws Exception {
        String txn = unique("T");
        String customer = unique("ExampleUser");
        EngineClient engine = new EngineClient(port);
        BigDecimal discountsBefore = engine.campaign(1, 7).at("/budgets/0/counter").decimalValue();
        BigDecimal createdBefore = engine.campaign(1, 7).at("/budgets/1/counter").decimalValue();
        JMSConsumer events = subscribe(txn);
        ObjectNode tx = transaction(txn, "2026-04-01T10:00:00.000Z");
        line(tx, "1", "SHOES-60", 1, "60");
        line(tx, "2", "SHIRT-40", 1, "40");
        payment(tx, "80.00", customer);
        ((ArrayNode) tx.get("discounts")).addObject().put("reference_id", "SPRING-20-ALL-34001")
                .put("reference_id_type", "UserOfferId").put("amount", new BigDecimal("20.00")).put("user_id", customer);
        client.send(envelope("store-1", unique("r"), tx));
        ObjectNode voided = tx.deepCopy().put("is_voided", true).put("modified_time", "2026-04-02T10:00:00.000Z");
        client.send(envelope("store-1", unique("r"), voided));

        List<JsonNode> published = receive(events, 2);
        List<String> closed = effects(published.get(0));
        assertThat(closed).hasSize(3).contains("setDiscount 20.00", "acceptCoupon SPRING-20-ALL-34001");
        assertThat(closed).anySatisfy(e -> assertThat(e).matches("couponCreated SUMMER-20-ALL-\\d{5}"));
        assertThat(effects(published.get(1))).containsExactly("rollbackDiscount 20.00", "rollbackCoupon SPRING-20-ALL-34001");
        assertThat(engine.campaign(1, 7).at("/budgets/0/counter").decimalValue()).isEqualByComparingTo(discountsBefore);
        assertThat(engine.campaign(1, 7).at("/budgets/1/counter").decimalValue()).isEqualByComparingTo(createdBefore.add(BigDecimal.ONE));
        JsonNode coupon = engine.get("/v1/applications/1/campaigns/7/coupons?value=SPRING-20-ALL-34001", EngineClient.MANAGEMENT).json();
        assertThat(coupon.at("/data/0/usageCounter").asInt()).isZero();
    }

    @Test
    void anOpenCheckUpdatedTwiceThenClosedPublishesOpenedUpdatedUpdatedClosed() throws Exception {
        String txn = unique("T");
        JMSConsumer events = subscribe(txn);
        for (int lines = 1; lines <= 4; lines++) {
            ObjectNode tx = transaction(txn, "2026-05-01T10:0" + lines + ":00.000Z").put("is_closed", lines == 4);
            for (int l = 1; l <= Math.min(lines, 3); l++) {
                line(tx, String.valueOf(l), "Sub category 1", 1, "30.11");
            }
            assertThat(client.send(envelope("store-1", unique("r"), tx)).status()).isEqualTo(200);
        }
        assertThat(receive(events, 4)).extracting(e -> e.get("eventType").asText())
                .containsExactly("session.opened", "session.updated", "session.updated", "session.closed");
    }

    @Test
    void aVoidBeforeItsPurchasePublishesNothingItsStalePurchaseARejectionAndARepeatNothingMore() throws Exception {
        String txn = unique("T");
        JMSConsumer events = subscribe(txn);
        ObjectNode purchase = envelope("store-1", unique("r"), seed003Purchase(txn));
        client.send(envelope("store-1", unique("r"), seed003FullRefund(txn)));   // the void arrives first
        GatewayClient.Reply first = client.send(purchase);                       // then its purchase: stale
        GatewayClient.Reply again = client.send(purchase);                       // the same request again
        assertThat(again.body()).isEqualTo(first.body());
        JsonNode view = awaitOutcomes("store-1", txn, 2);
        assertThat(view.get("outcomes")).extracting(o -> o.get("operation").asText()).containsExactly("CANCEL", "STALE");
        assertThat(view.at("/outcomes/0/session_operation").isNull()).isTrue();
        // a void of a never-seen sale has no session to cancel; its purchase, older, is ignored, and says so
        assertThat(receive(events, 1)).extracting(e -> e.get("eventType").asText() + " " + e.get("reason").asText()
                + " " + e.get("jobId").asText()).containsExactly("transaction.rejected stale " + view.at("/outcomes/1/job_id").asText());
    }

    @Test
    void aResendUnderANewRequestIdIsADuplicateAndPublishesNothingMore() throws Exception {
        String txn = unique("T");
        JMSConsumer events = subscribe(txn);
        ObjectNode purchase = envelope("store-1", unique("r"), seed003Purchase(txn));
        client.send(purchase);
        client.send(purchase.deepCopy().put("request_id", unique("r")));
        JsonNode view = awaitOutcomes("store-1", txn, 2);
        assertThat(view.get("outcomes")).extracting(o -> o.get("operation").asText()).containsExactly("CLOSE", "DUPLICATE");
        assertThat(receive(events, 1)).extracting(e -> e.get("eventType").asText()).containsExactly("session.closed");
    }
}
