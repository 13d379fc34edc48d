package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.payment;
import static io.tillgate.PosFixtures.transaction;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The till's offer calls over HTTP, with the real broker and database: lock, redeem, unlock, reinstate, and the
 * send_transaction that finalizes a locked offer. Each test has campaigns and items of its own: seed 003's check
 * (line 1 is 2 × 30.11, line 2 is 1 × 41.52) with items no demo campaign knows, and an offer of 10% off line 2.
 */
class OfferApiTest extends GatewayTest {
    private static final String DEMO_APP = "ApiKey-v1 demo-app-key";
    /** One test's offer: its campaign, its single-use code, and the items of its check. */
    private record Offer(long campaignId, String code, String shirt, String belt) {
    }

    /** The offer's coupon, usable {@code limit} times. */
    private Offer usable(Offer offer, int limit) {
        jdbc.sql("UPDATE engine_coupon SET usage_limit = ? WHERE application_id = 1 AND code = ?").params(limit, offer.code()).update();
        return offer;
    }

    private Offer offer(String settings) {
        long id = nextId();
        Offer offer = new Offer(id, "BELT-10-" + id, "SHIRT-" + id, "BELT-" + id);
        new EngineClient(port).campaign(1, id, json("""
                name: Belt 10%% off %d
                couponRequired: true
                couponSettings: {usageLimit: 1}
                coupons: [%s]
                %s
                rules:
                  - title: 10%% off the belt
                    effects: [{type: setDiscountPerItem, name: belt offer, items: "item.sku == '%s'", value: "item.price * 0.1"}]
                """.formatted(id, offer.code(), settings, offer.belt())));
        return offer;
    }

    private Offer offer() {
        return offer("");
    }

    /** Seed 003's check with the offer's items, paid by customer-42; closed, or still open. */
    private static ObjectNode check(Offer offer, String transactionId, String modifiedTime, boolean closed) {
        ObjectNode tx = transaction(transactionId, modifiedTime).put("is_closed", closed);
        line(tx, "1", offer.shirt(), 2, "30.11");
        line(tx, "2", offer.belt(), 1, "41.52");
        tx.put("tax_total", new BigDecimal("10.17"));
        payment(tx, "111.91", "customer-42");
        return tx;
    }

    private GatewayClient.Reply call(String call, String storeId, ObjectNode payload) {
        return call(call, storeId, UUID.randomUUID().toString(), payload);
    }

    private GatewayClient.Reply call(String call, String storeId, String requestId, ObjectNode payload) {
        ObjectNode body = envelope(storeId, requestId, payload);
        return client.post("/api/2.0/" + call, GatewayClient.DEMO, "application/json", body.toString());
    }

    private static ObjectNode lookup(String code, String type, ObjectNode transaction) {
        ObjectNode payload = Json.MAPPER.createObjectNode().put("offer_lookup_code", code).put("offer_lookup_type", type);
        payload.set("transaction", transaction);
        return payload;
    }

    private static ObjectNode release(long offerId) {
        return Json.MAPPER.createObjectNode().put("user_offer_id", Long.toString(offerId)).put("employee_id", "emp-7");
    }

    private GatewayClient.Reply lock(Offer offer, String transactionId) {
        return call("lock", "store-1", lookup(offer.code(), "TTLCode", check(offer, transactionId, "2026-03-01T10:04:12.000Z", false)));
    }

    private long couponId(String code) {
        return jdbc.sql("SELECT id FROM engine_coupon WHERE application_id = 1 AND code = ?").param(code).query(Long.class).single();
    }

    private int usage(Offer offer) {
        JsonNode coupons = new EngineClient(port).get("/v1/applications/1/campaigns/" + offer.campaignId() + "/coupons?value="
                + offer.code(), EngineClient.MANAGEMENT).json();
        return coupons.at("/data/0/usageCounter").asInt();
    }

    private BigDecimal redemptionBudget(Offer offer) {
        return jdbc.sql("SELECT counter FROM engine_budget WHERE campaign_id = ? AND action = 'redeemCoupon' AND entity_key = ''")
                .param(offer.campaignId()).query(BigDecimal.class).optional().orElse(BigDecimal.ZERO);
    }

    /** The finalizing transaction: the check closed, with the locked offer's discount in discounts[]. */
    private ObjectNode finalized(Offer offer, String transactionId, String modifiedTime, JsonNode discount) {
        ObjectNode tx = check(offer, transactionId, modifiedTime, true);
        ((ArrayNode) tx.get("discounts")).add(discount.deepCopy());
        return tx;
    }

    private static List<String> effects(JsonNode outcome) {
        List<String> list = new ArrayList<>();
        outcome.get("effects").forEach(e -> {
            JsonNode p = e.get("props");
            JsonNode value = p.get("value");
            list.add(e.get("effectType").asText() + (value == null ? "" : " " + value.asText()));
        });
        return list;
    }

    private static void assertError(GatewayClient.Reply reply, int status, String code, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().at("/errors/0/code").asText()).isEqualTo(code);
        assertThat(reply.json().at("/errors/0/field").asText()).isEqualTo(field);
    }

    @Test
    void aLockedOfferIsRedeemedByTheSaleThatFinalizesItAndReinstatedByItsVoid() {
        Offer offer = offer();
        String txn = unique("offer-sale");
        GatewayClient.Reply locked = lock(offer, txn);
        assertThat(locked.status()).as(locked.body()).isEqualTo(200);
        long offerId = couponId(offer.code());
        JsonNode discount = locked.json().at("/payload/discount");
        assertThat(locked.json().at("/payload/user_offer_id").asText()).isEqualTo(Long.toString(offerId));
        assertThat(discount.get("reference_id").asText()).isEqualTo(Long.toString(offerId));
        assertThat(discount.get("reference_id_type").asText()).isEqualTo("UserOfferId");
        assertThat(discount.get("display_name").asText()).isEqualTo("Belt 10% off " + offer.campaignId());
        assertThat(discount.get("amount").decimalValue()).isEqualByComparingTo("4.15");
        assertThat(discount.get("amount").toString()).isEqualTo("4.15");
        assertThat(discount.get("discounted_line_ids").toString()).isEqualTo("[\"2\"]");
        assertThat(discount.get("discounted_line_id_quantities").toString()).isEqualTo("[1]");
        assertThat(discount.get("discount_source").asText()).isEqualTo("offer");
        assertThat(usage(offer)).isZero(); // a lock is not a redemption

        // while locked, the offer is another transaction's use: the till's lock and a /v2 session are refused
        assertError(lock(offer, unique("other")), 409, "offer_locked", "request_payload.offer_lookup_code");
        JsonNode v2 = new EngineClient(port).put("/v2/customer_sessions/" + unique("v2"), DEMO_APP, """
                {"customerSession": {"state": "closed", "couponCodes": ["%s"],
                 "cartItems": [{"sku": "%s", "quantity": 1, "price": 41.52}]}}""".formatted(offer.code(), offer.belt())).json();
        assertThat(EngineClient.effects(v2)).containsExactly("rejectCoupon " + offer.code());
        assertThat(v2.at("/effects/0/props/rejectionReason").asText()).isEqualTo("CouponLocked");

        // the sale carries the discount the lock answered: its close redeems the offer and consumes the lock
        GatewayClient.Reply sent = client.send(envelope("store-1", UUID.randomUUID().toString(),
                finalized(offer, txn, "2026-03-01T10:05:00.000Z", discount)));
        assertThat(sent.status()).isEqualTo(200);
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(closed.get("operation").asText()).isEqualTo("CLOSE");
        assertThat(effects(closed)).containsExactly("setDiscountPerItem 4.15", "acceptCoupon " + offer.code());
        assertThat(closed.get("warnings")).isEmpty();
        assertThat(usage(offer)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT kind FROM engine_coupon_hold WHERE coupon_id = ?").param(offerId).query(String.class).list())
                .containsExactly("REDEMPTION");
        GatewayClient.Reply used = lock(offer, unique("later"));
        assertError(used, 409, "offer_invalid", "request_payload.offer_lookup_code");
        assertThat(used.json().at("/errors/0/message").asText()).isEqualTo("CouponLimitReached");

        // the void gives the offer back (seed 003: "reinstate an offer that was redeemed")
        ObjectNode voided = finalized(offer, txn, "2026-03-05T16:20:00.000Z", discount).put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        JsonNode cancelled = awaitOutcomes("store-1", txn, 2).at("/outcomes/1");
        assertThat(effects(cancelled)).containsExactly("rollbackDiscount 4.15", "rollbackCoupon " + offer.code());
        assertThat(usage(offer)).isZero();
        assertThat(lock(offer, unique("after-void")).status()).isEqualTo(200);
    }

    @Test
    void anUnlockedOfferIsFreeForAnotherTransaction() {
        Offer offer = offer();
        assertThat(lock(offer, unique("first")).status()).isEqualTo(200);
        long offerId = couponId(offer.code());
        GatewayClient.Reply unlocked = call("unlock", "store-1", release(offerId));
        assertThat(unlocked.status()).as(unlocked.body()).isEqualTo(200);
        assertThat(unlocked.body()).isEqualTo("{\"status\":\"OK\",\"payload\":{}}");
        assertThat(jdbc.sql("SELECT employee_id FROM pos_offer_request WHERE call = 'unlock' AND answer = ?")
                .param(unlocked.body()).query(String.class).list()).contains("emp-7");
        assertError(call("unlock", "store-1", release(offerId)), 409, "offer_not_locked", "request_payload.user_offer_id");
        assertThat(lock(offer, unique("second")).status()).isEqualTo(200);
        // another store's till cannot release what store-1's transaction holds
        assertError(call("unlock", "store-9", release(offerId)), 409, "offer_not_locked", "request_payload.user_offer_id");
        assertError(lock(offer, unique("third")), 409, "offer_locked", "request_payload.offer_lookup_code");
    }

    @Test
    void lockingAgainForTheSameTransactionReEvaluatesTheChangedCheck() {
        Offer offer = offer();
        String txn = unique("changed");
        assertThat(lock(offer, txn).json().at("/payload/discount/amount").decimalValue()).isEqualByComparingTo("4.15");
        ObjectNode bigger = check(offer, txn, "2026-03-01T10:06:00.000Z", false);
        ((ObjectNode) bigger.get("items").get(1)).put("quantity", 3).put("subtotal", new BigDecimal("124.56"));
        io.tillgate.PosFixtures.recomputeSubtotal(bigger);
        GatewayClient.Reply again = call("lock", "store-1", lookup(offer.code(), "TTLCode", bigger));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().at("/payload/discount/amount").decimalValue()).isEqualByComparingTo("12.45");
        assertThat(again.json().at("/payload/discount/discounted_line_id_quantities").toString()).isEqualTo("[3]");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM engine_coupon_hold WHERE coupon_id = ?").param(couponId(offer.code()))
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aRedeemedOfferIsCountedAtOnceAndGivenBackByReinstate() {
        Offer offer = offer("limits: [{action: redeemCoupon, limit: 10}]");
        String txn = unique("redeemed");
        GatewayClient.Reply redeemed = call("redeem", "store-1",
                lookup(offer.code(), "TTLCode", check(offer, txn, "2026-03-01T10:04:12.000Z", false)));
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        assertThat(redeemed.json().at("/payload/discount/amount").toString()).isEqualTo("4.15");
        long offerId = couponId(offer.code());
        assertThat(usage(offer)).isEqualTo(1);
        assertThat(redemptionBudget(offer)).isEqualByComparingTo("1");
        GatewayClient.Reply twice = call("redeem", "store-1",
                lookup(offer.code(), "TTLCode", check(offer, unique("other"), "2026-03-01T10:04:12.000Z", false)));
        assertError(twice, 409, "offer_invalid", "request_payload.offer_lookup_code");
        assertThat(twice.json().at("/errors/0/message").asText()).isEqualTo("CouponLimitReached");

        assertThat(call("reinstate", "store-1", release(offerId)).status()).isEqualTo(200);
        assertThat(usage(offer)).isZero();
        assertThat(redemptionBudget(offer)).isEqualByComparingTo("0");
        assertError(call("reinstate", "store-1", release(offerId)), 409, "offer_not_redeemed", "request_payload.user_offer_id");
    }

    @Test
    void anOfferRedeemedAtTheTillIsNotRedeemedAgainByTheSaleAndItsVoidGivesItBack() {
        Offer offer = offer("limits: [{action: redeemCoupon, limit: 10}]");
        String txn = unique("redeem-sale");
        GatewayClient.Reply redeemed = call("redeem", "store-1",
                lookup(offer.code(), "TTLCode", check(offer, txn, "2026-03-01T10:04:12.000Z", false)));
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        JsonNode discount = redeemed.json().at("/payload/discount");
        client.send(envelope("store-1", UUID.randomUUID().toString(), finalized(offer, txn, "2026-03-01T10:05:00.000Z", discount)));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("setDiscountPerItem 4.15", "acceptCoupon " + offer.code());
        assertThat(usage(offer)).isEqualTo(1);
        assertThat(redemptionBudget(offer)).isEqualByComparingTo("1");

        ObjectNode voided = finalized(offer, txn, "2026-03-05T16:20:00.000Z", discount).put("is_voided", true);
        client.send(envelope("store-1", UUID.randomUUID().toString(), voided));
        JsonNode cancelled = awaitOutcomes("store-1", txn, 2).at("/outcomes/1");
        assertThat(effects(cancelled)).containsExactly("rollbackDiscount 4.15", "rollbackCoupon " + offer.code());
        assertThat(usage(offer)).isZero();
        assertThat(redemptionBudget(offer)).isEqualByComparingTo("0");
    }

    @Test
    void aVoidOfATransactionNeverSentFreesWhatTheTillTookForIt() {
        Offer offer = offer();
        String txn = unique("never-sent");
        GatewayClient.Reply redeemed = call("redeem", "store-1",
                lookup(offer.code(), "TTLCode", check(offer, txn, "2026-03-01T10:04:12.000Z", false)));
        assertThat(usage(offer)).isEqualTo(1);
        ObjectNode voided = finalized(offer, txn, "2026-03-01T10:06:00.000Z", redeemed.json().at("/payload/discount"))
                .put("is_voided", true);
        client.send(envelope("store-1", UUID.randomUUID().toString(), voided));
        JsonNode outcome = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(outcome.get("operation").asText()).isEqualTo("CANCEL");
        assertThat(effects(outcome)).containsExactly("rollbackCoupon " + offer.code());
        assertThat(usage(offer)).isZero();
    }

    @Test
    void aLockExpiresAndASaleFinalizedLaterRedeemsTheOfferWhenItIsStillFree() {
        Offer offer = offer();
        String txn = unique("late");
        JsonNode discount = lock(offer, txn).json().at("/payload/discount");
        clock.advance(Duration.ofMinutes(31)); // past tillgate.offers.lock-timeout
        GatewayClient.Reply other = lock(offer, unique("meanwhile"));
        assertThat(other.status()).as("an expired lock binds nothing").isEqualTo(200);
        assertThat(call("unlock", "store-1", release(couponId(offer.code()))).status()).isEqualTo(200);

        client.send(envelope("store-1", UUID.randomUUID().toString(), finalized(offer, txn, "2026-03-01T10:05:00.000Z", discount)));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("setDiscountPerItem 4.15", "acceptCoupon " + offer.code());
        assertThat(closed.get("warnings")).isEmpty();
        assertThat(usage(offer)).isEqualTo(1);
    }

    @Test
    void aSaleFinalizedAfterItsLockExpiredAndTheOfferWasTakenCarriesTheWarning() {
        Offer offer = offer();
        String txn = unique("too-late");
        JsonNode discount = lock(offer, txn).json().at("/payload/discount");
        clock.advance(Duration.ofMinutes(31));
        assertThat(call("redeem", "store-1", lookup(offer.code(), "TTLCode",
                check(offer, unique("taker"), "2026-03-01T10:04:12.000Z", false))).status()).isEqualTo(200);

        client.send(envelope("store-1", UUID.randomUUID().toString(), finalized(offer, txn, "2026-03-01T10:05:00.000Z", discount)));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("rejectCoupon " + offer.code());
        assertThat(closed.at("/effects/0/props/rejectionReason").asText()).isEqualTo("CouponLimitReached");
        assertThat(closed.get("warnings")).hasSize(1);
        assertThat(closed.at("/warnings/0/code").asText()).isEqualTo("offer_unavailable");
        assertThat(closed.at("/warnings/0/field").asText()).isEqualTo("request_payload.discounts[0].reference_id");
        assertThat(closed.at("/warnings/0/message").asText()).isEqualTo("offer " + couponId(offer.code())
                + " (POS amount 4.15) could not be redeemed: CouponLimitReached");
        assertThat(usage(offer)).isEqualTo(1);
    }

    @Test
    void anOfferIssuedToACustomerIsFoundByItsIdAndRefusedToAnotherCustomer() {
        long id = nextId();
        String sku = "GIFT-" + id;
        new EngineClient(port).campaign(1, id, json("""
                name: Next visit %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: a coupon for the next visit
                    effects: [{type: createCoupon, pattern: "NEXT-%d-####", recipient: "profile.integrationId", usageLimit: 1}]
                """.formatted(id, sku, id)));
        long offerCampaign = nextId();
        new EngineClient(port).campaign(1, offerCampaign, json("""
                name: Five off next visit %d
                couponRequired: true
                rules:
                  - title: five off
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """.formatted(offerCampaign)));
        String earning = unique("earn");
        ObjectNode purchase = transaction(earning, "2026-03-01T10:04:12.000Z");
        line(purchase, "1", sku, 1, "10.00");
        payment(purchase, "10.00", "customer-77");
        client.send(envelope("store-1", UUID.randomUUID().toString(), purchase));
        JsonNode created = awaitOutcomes("store-1", earning, 1).at("/outcomes/0/effects/0/props/value");
        // the coupon the customer earned belongs to the first campaign; a second campaign's coupon is needed for
        // the offer: move it over as an import would
        long couponId = couponId(created.asText());
        jdbc.sql("UPDATE engine_coupon SET campaign_id = ? WHERE id = ?").params(offerCampaign, couponId).update();

        Offer named = new Offer(offerCampaign, created.asText(), "SHIRT-" + id, "BELT-" + id);
        ObjectNode theirs = check(named, unique("theirs"), "2026-03-01T10:04:12.000Z", false);
        ((ObjectNode) theirs.get("payments").get(0)).put("user_id", "customer-77");
        GatewayClient.Reply locked = call("lock", "store-1", lookup(Long.toString(couponId), "UserOfferId", theirs));
        assertThat(locked.status()).as(locked.body()).isEqualTo(200);
        assertThat(locked.json().at("/payload/discount/amount").toString()).isEqualTo("5.00");
        assertThat(locked.json().at("/payload/discount/discounted_line_ids").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(locked.json().at("/payload/discount/discounted_line_id_quantities").toString()).isEqualTo("[2,1]");
        assertThat(call("unlock", "store-1", release(couponId)).status()).isEqualTo(200);

        GatewayClient.Reply stranger = call("lock", "store-1", lookup(Long.toString(couponId), "UserOfferId",
                check(named, unique("stranger"), "2026-03-01T10:04:12.000Z", false)));
        assertError(stranger, 409, "offer_invalid", "request_payload.offer_lookup_code");
        assertThat(stranger.json().at("/errors/0/message").asText()).isEqualTo("CouponRecipientDoesNotMatch");
    }

    @Test
    void everyRefusalNamesItsCauseAndField() {
        Offer offer = offer();
        String txn = unique("refused");
        assertError(call("lock", "store-1", lookup("NO-SUCH-CODE", "TTLCode", check(offer, txn, "2026-03-01T10:04:12.000Z", false))),
                404, "offer_not_found", "request_payload.offer_lookup_code");
        assertError(call("lock", "store-1", lookup("999999999999", "UserOfferId", check(offer, txn, "2026-03-01T10:04:12.000Z", false))),
                404, "offer_not_found", "request_payload.offer_lookup_code");
        assertError(call("unlock", "store-1", release(999_999_999_999L)), 404, "offer_not_found", "request_payload.user_offer_id");
        assertError(call("reinstate", "store-1", release(999_999_999_999L)), 404, "offer_not_found", "request_payload.user_offer_id");
        assertError(call("lock", "store-1", lookup("abc", "UserOfferId", check(offer, txn, "2026-03-01T10:04:12.000Z", false))),
                400, "invalid_value", "request_payload.offer_lookup_code");
        assertError(call("lock", "store-1", lookup(offer.code(), "Barcode", check(offer, txn, "2026-03-01T10:04:12.000Z", false))),
                400, "invalid_value", "request_payload.offer_lookup_type");
        ObjectNode broken = check(offer, txn, "2026-03-01T10:04:12.000Z", false);
        ((ObjectNode) broken.get("items").get(0)).put("quantity", 0);
        assertError(call("redeem", "store-1", lookup(offer.code(), "TTLCode", broken)), 400, "invalid_value",
                "request_payload.transaction.items[0].quantity");
        ObjectNode none = Json.MAPPER.createObjectNode().put("offer_lookup_code", offer.code()).put("offer_lookup_type", "TTLCode");
        assertError(call("lock", "store-1", none), 400, "missing_field", "request_payload.transaction");
        assertError(call("unlock", "store-1", Json.MAPPER.createObjectNode()), 400, "missing_field", "request_payload.user_offer_id");

        GatewayClient.Reply anonymous = client.post("/api/2.0/lock", null, "application/json",
                envelope("store-1", "r-1", lookup(offer.code(), "TTLCode", check(offer, txn, "2026-03-01T10:04:12.000Z", false))).toString());
        assertError(anonymous, 401, "unauthorized", "Authorization");
        GatewayClient.Reply otherStore = client.post("/api/2.0/lock", GatewayClient.basic("store-2-till", "s2-secret"),
                "application/json", envelope("store-1", "r-2", lookup(offer.code(), "TTLCode",
                        check(offer, txn, "2026-03-01T10:04:12.000Z", false))).toString());
        assertError(otherStore, 403, "forbidden_store", "store_id");
        GatewayClient.Reply text = client.post("/api/2.0/redeem", GatewayClient.DEMO, "text/plain", "{}");
        assertError(text, 415, "unsupported_media_type", "Content-Type");
        assertError(client.post("/api/2.0/unlock", GatewayClient.DEMO, "application/json", "{"), 400, "malformed_json", "$");

        // a campaign that no longer runs: its offers are refused with Talon.One's reason
        new EngineClient(port).campaign(1, offer.campaignId(), json("""
                name: Belt 10%% off %d
                state: disabled
                couponRequired: true
                couponSettings: {usageLimit: 1}
                coupons: [%s]
                rules:
                  - title: 10%% off the belt
                    effects: [{type: setDiscountPerItem, name: belt offer, items: "true", value: "item.price * 0.1"}]
                """.formatted(offer.campaignId(), offer.code())));
        GatewayClient.Reply stopped = lock(offer, txn);
        assertError(stopped, 409, "offer_invalid", "request_payload.offer_lookup_code");
        assertThat(stopped.json().at("/errors/0/message").asText()).isEqualTo("CouponPartOfNotRunningCampaign");
    }

    @Test
    void aRedemptionIsChargedToTheDayOfTheSaleNotTheGateways() {
        Offer offer = offer("limits: [{action: redeemCoupon, limit: 5, entities: [Store], period: daily}]");
        GatewayClient.Reply redeemed = call("redeem", "store-1", lookup(offer.code(), "TTLCode",
                check(offer, unique("redeem"), "2026-03-01T10:04:12.000Z", false)));
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT entity_key FROM engine_budget WHERE campaign_id = ? AND action = 'redeemCoupon' AND counter = 1")
                .param(offer.campaignId()).query(String.class).list()).containsExactly("daily:2026-03-01@store:store-1");
    }

    @Test
    void anExpiredOfferIsRefusedWithItsReason() {
        Offer offer = offer();
        jdbc.sql("UPDATE engine_coupon SET expiry_date = TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' WHERE code = ?")
                .param(offer.code()).update();
        GatewayClient.Reply expired = lock(offer, unique("expired"));
        assertError(expired, 409, "offer_invalid", "request_payload.offer_lookup_code");
        assertThat(expired.json().at("/errors/0/message").asText()).isEqualTo("CouponExpired");
    }

    @Test
    void aResentRequestGetsItsFirstAnswerAndDoesItsWorkOnce() {
        Offer offer = offer();
        String requestId = UUID.randomUUID().toString();
        ObjectNode payload = lookup(offer.code(), "TTLCode", check(offer, unique("resent"), "2026-03-01T10:04:12.000Z", false));
        GatewayClient.Reply first = call("redeem", "store-1", requestId, payload);
        GatewayClient.Reply again = call("redeem", "store-1", requestId, payload);
        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(usage(offer)).isEqualTo(1);
        ObjectNode changed = payload.deepCopy().put("offer_lookup_code", "OTHER");
        assertError(call("redeem", "store-1", requestId, changed), 409, "request_id_conflict", "request_id");
        assertError(call("lock", "store-1", requestId, payload), 409, "request_id_conflict", "request_id");

        // a refusal is an answer too: the resend gets it, even once the offer is free again
        String refusedId = UUID.randomUUID().toString();
        ObjectNode other = lookup(offer.code(), "TTLCode", check(offer, unique("refused"), "2026-03-01T10:04:12.000Z", false));
        GatewayClient.Reply refused = call("lock", "store-1", refusedId, other);
        assertError(refused, 409, "offer_invalid", "request_payload.offer_lookup_code");
        assertThat(call("reinstate", "store-1", release(couponId(offer.code()))).status()).isEqualTo(200);
        assertThat(call("lock", "store-1", refusedId, other).body()).isEqualTo(refused.body());
    }

    @org.springframework.beans.factory.annotation.Autowired
    jakarta.jms.ConnectionFactory connectionFactory;

    @Test
    void aPosAmountThatDiffersFromTheEnginesDiscountIsFlaggedOnTheOutcomeAndTheEvent() throws Exception {
        Offer offer = offer();
        String txn = unique("mismatch");
        JsonNode discount = lock(offer, txn).json().at("/payload/discount");
        ObjectNode given = ((ObjectNode) discount.deepCopy()).put("amount", new BigDecimal("4.00"));
        try (jakarta.jms.JMSContext context = connectionFactory.createContext()) {
            jakarta.jms.JMSConsumer events = context.createSharedDurableConsumer(context.createTopic("tillgate.effects"),
                    "offers-" + txn, "transactionId = '" + txn + "'");
            client.send(envelope("store-1", UUID.randomUUID().toString(), finalized(offer, txn, "2026-03-01T10:05:00.000Z", given)));
            JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
            assertThat(effects(closed)).containsExactly("setDiscountPerItem 4.15", "acceptCoupon " + offer.code());
            String message = "offer " + couponId(offer.code()) + ": the till gave 4.00, the engine's discount is 4.15";
            assertThat(closed.get("warnings")).hasSize(1);
            assertThat(closed.at("/warnings/0/code").asText()).isEqualTo("discount_mismatch");
            assertThat(closed.at("/warnings/0/field").asText()).isEqualTo("request_payload.discounts[0].amount");
            assertThat(closed.at("/warnings/0/message").asText()).isEqualTo(message);
            jakarta.jms.Message published = events.receive(15_000);
            assertThat(published).isNotNull();
            JsonNode event = Json.parse(published.getBody(String.class));
            assertThat(event.get("eventType").asText()).isEqualTo("session.closed");
            assertThat(event.at("/warnings/0/code").asText()).isEqualTo("discount_mismatch");
            assertThat(event.at("/warnings/0/message").asText()).isEqualTo(message);
            events.close();
            context.unsubscribe("offers-" + txn);
        }
    }

    /**
     * Seed 003's sale with the demo offer BELT-10-OFFER (campaign 8: 10% off accessories) locked for line 2, beside
     * demo campaign 10 (10% off shirts and accessories per item, a point per whole dollar): finalized, line 2 refunded,
     * then the sale voided. The discounts are the engine's (discounts: engine, the default).
     */
    @Test
    void seed003WithTheDemoOfferLockedFinalizedRefundedAndVoided() {
        String txn = unique("seed-003");
        ObjectNode open = io.tillgate.PosFixtures.seed003Purchase(txn).put("is_closed", false)
                .put("modified_time", "2026-03-01T10:02:00.000Z");
        GatewayClient.Reply locked = call("lock", "store-1", lookup("BELT-10-OFFER", "TTLCode", open));
        assertThat(locked.status()).as(locked.body()).isEqualTo(200);
        JsonNode discount = locked.json().at("/payload/discount");
        assertThat(discount.get("amount").toString()).isEqualTo("4.15");
        assertThat(discount.get("discounted_line_ids").toString()).isEqualTo("[\"2\"]");
        Offer demo = new Offer(8, "BELT-10-OFFER", "Sub category 1", "Sub category 2");

        ObjectNode sale = io.tillgate.PosFixtures.seed003Purchase(txn);
        ((ArrayNode) sale.get("discounts")).add(discount.deepCopy());
        client.send(envelope("store-1", UUID.randomUUID().toString(), sale));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("setDiscountPerItem 4.15", "acceptCoupon BELT-10-OFFER",
                "setDiscountPerItem 3.01", "setDiscountPerItem 3.01", "setDiscountPerItem 4.15", "addLoyaltyPoints 101.00");
        assertThat(closed.get("warnings")).isEmpty();
        assertThat(usage(demo)).isEqualTo(1);

        client.send(envelope("store-1", UUID.randomUUID().toString(), io.tillgate.PosFixtures.seed003PartialRefund(txn)));
        JsonNode refunded = awaitOutcomes("store-1", txn, 2).at("/outcomes/1");
        assertThat(refunded.get("operation").asText()).isEqualTo("RETURN");
        assertThat(effects(refunded)).containsExactly("rollbackDiscount 4.15", "rollbackDiscount 4.15",
                "rollbackAddedLoyaltyPoints 41.22");
        assertThat(usage(demo)).as("a partial refund keeps the offer redeemed").isEqualTo(1);

        client.send(envelope("store-1", UUID.randomUUID().toString(), io.tillgate.PosFixtures.seed003FullRefund(txn)));
        JsonNode voided = awaitOutcomes("store-1", txn, 3).at("/outcomes/2");
        assertThat(voided.get("operation").asText()).isEqualTo("CANCEL");
        assertThat(effects(voided)).containsExactly("rollbackCoupon BELT-10-OFFER", "rollbackDiscount 3.01",
                "rollbackDiscount 3.01", "rollbackAddedLoyaltyPoints 59.78");
        assertThat(usage(demo)).isZero();
    }

    private BigDecimal budget(long campaignId, String action) {
        return jdbc.sql("SELECT counter FROM engine_budget WHERE campaign_id = ? AND action = ? AND entity_key = ''")
                .params(campaignId, action).query(BigDecimal.class).optional().orElse(BigDecimal.ZERO);
    }

    /**
     * The same sale at a store whose till's discounts count (store-pos, discounts: pos): the offer's campaign is charged
     * with what the till gave, demo campaign 10's discounts are neither given nor charged, and points are earned on
     * what the customer paid (101.74 less 4.15: 97 points, spread by net price), and given back by the same shares.
     */
    /** An offer of 10% off accessories (seed 003's belt, line 2), single use, with discount and redemption budgets. */
    private String accessoriesOffer(long id) {
        String code = "POS-BELT-" + id;
        new EngineClient(port).campaign(1, id, json("""
                name: Belt 10%% off %d
                couponRequired: true
                couponSettings: {usageLimit: 1}
                coupons: [%s]
                limits: [{action: setDiscount, limit: 1000}, {action: redeemCoupon, limit: 10}]
                rules:
                  - title: 10%% off accessories
                    effects: [{type: setDiscountPerItem, name: belt offer, items: "item.category == 'accessories'", value: "item.price * 0.1"}]
                """.formatted(id, code)));
        return code;
    }

    @Test
    void seed003AtAStoreWhoseTillsDiscountsCount() {
        long id = nextId();
        String code = accessoriesOffer(id);
        Offer offer = new Offer(id, code, "Sub category 1", "Sub category 2");
        String txn = unique("seed-003-pos");
        ObjectNode open = io.tillgate.PosFixtures.seed003Purchase(txn).put("is_closed", false)
                .put("modified_time", "2026-03-01T10:02:00.000Z");
        GatewayClient.Reply locked = call("lock", "store-pos", lookup(code, "TTLCode", open));
        assertThat(locked.status()).as(locked.body()).isEqualTo(200);
        JsonNode discount = locked.json().at("/payload/discount");
        assertThat(discount.get("amount").toString()).isEqualTo("4.15");

        ObjectNode sale = io.tillgate.PosFixtures.seed003Purchase(txn);
        ((ArrayNode) sale.get("discounts")).add(discount.deepCopy());
        client.send(envelope("store-pos", UUID.randomUUID().toString(), sale));
        JsonNode closed = awaitOutcomes("store-pos", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("addLoyaltyPoints 97.00", "setDiscountPerItem 4.15", "acceptCoupon " + code);
        assertThat(closed.at("/effects/1/props/position").asInt()).isEqualTo(1);
        assertThat(closed.get("warnings")).hasSize(1);
        assertThat(closed.at("/warnings/0/code").asText()).isEqualTo("discount_not_applied");
        assertThat(closed.at("/warnings/0/message").asText()).isEqualTo("campaign 10 (10% off per item): the engine's"
                + " discount of 9.76 was not given by the till; not charged, not published");
        assertThat(budget(id, "setDiscount")).isEqualByComparingTo("4.15");
        assertThat(budget(id, "redeemCoupon")).isEqualByComparingTo("1");
        assertThat(usage(offer)).isEqualTo(1);

        client.send(envelope("store-pos", UUID.randomUUID().toString(), io.tillgate.PosFixtures.seed003PartialRefund(txn)));
        JsonNode refunded = awaitOutcomes("store-pos", txn, 2).at("/outcomes/1");
        assertThat(refunded.get("operation").asText()).isEqualTo("RETURN");
        assertThat(effects(refunded)).containsExactly("rollbackAddedLoyaltyPoints 37.14", "rollbackDiscount 4.15");
        assertThat(budget(id, "setDiscount")).isEqualByComparingTo("0");
        assertThat(usage(offer)).as("a partial refund keeps the offer redeemed").isEqualTo(1);

        client.send(envelope("store-pos", UUID.randomUUID().toString(), io.tillgate.PosFixtures.seed003FullRefund(txn)));
        JsonNode voided = awaitOutcomes("store-pos", txn, 3).at("/outcomes/2");
        assertThat(effects(voided)).containsExactly("rollbackAddedLoyaltyPoints 59.86", "rollbackCoupon " + code);
        assertThat(usage(offer)).isZero();
        assertThat(budget(id, "redeemCoupon")).isEqualByComparingTo("0");
    }

    /** A sale of the offer's belt for a customer (or none), carrying the discount. */
    private void sell(Offer offer, String txn, String modified, String customer, JsonNode discount) {
        ObjectNode sale = finalized(offer, txn, modified, discount);
        ((ObjectNode) sale.get("payments").get(0)).put("user_id", customer);
        client.send(envelope("store-1", UUID.randomUUID().toString(), sale));
    }

    @Test
    void anOfferReinstatedAfterItsCustomerWasMergedGivesTheKeptProfileItsUseBack() {
        long id = nextId();
        String code = "MERGED-" + id;
        Offer offer = oncePerCustomer(id, code);
        ObjectNode check = check(offer, unique("merged"), "2026-03-01T10:04:12.000Z", false);
        ((ArrayNode) check.get("payments")).removeAll();
        payment(check, "111.91", "merged-" + id);
        assertThat(call("redeem", "store-1", lookup(code, "TTLCode", check)).status()).isEqualTo(200);
        assertThat(profileCounter(id, "merged-" + id)).isEqualByComparingTo("1");
        for (String profile : java.util.List.of("merged-" + id, "kept-" + id)) { // a merge is of known customers
            assertThat(new EngineClient(port).put("/v2/customer_profiles/" + profile, "ApiKey-v1 demo-app-key", "{\"attributes\": {}}")
                    .status()).isEqualTo(200);
        }
        assertThat(new EngineClient(port).post("/v1/applications/1/customer_merges", EngineClient.MANAGEMENT,
                "{\"from\": \"merged-" + id + "\", \"into\": \"kept-" + id + "\"}").status()).isEqualTo(201);
        assertThat(profileCounter(id, "kept-" + id)).isEqualByComparingTo("1");

        assertThat(call("reinstate", "store-1", release(couponId(code))).status()).isEqualTo(200);
        assertThat(profileCounter(id, "kept-" + id)).isEqualByComparingTo("0");
        assertThat(profileCounter(id, "merged-" + id)).isNull(); // moved by the merge, never given back to
    }

    /** An offer of 5.00 off whose coupon each customer may redeem once (a per-Profile redeemCoupon budget of 1). */
    private Offer oncePerCustomer(long id, String code) {
        new EngineClient(port).campaign(1, id, json("""
                name: once per customer %d
                couponRequired: true
                couponSettings: {usageLimit: 0}
                coupons: [%s]
                limits: [{action: redeemCoupon, limit: 1, entities: [Profile]}]
                rules: [{title: five off, effects: [{type: setDiscount, name: five off, value: "5.0"}]}]
                """.formatted(id, code)));
        return new Offer(id, code, "SHIRT-" + id, "BELT-" + id);
    }

    private BigDecimal profileCounter(long campaignId, String profile) {
        return jdbc.sql("SELECT counter FROM engine_budget WHERE campaign_id = ? AND action = 'redeemCoupon' AND entity_key = ?")
                .params(campaignId, "profile:" + profile).query(BigDecimal.class).optional().orElse(null);
    }

    @Test
    void anOfferRedeemedWithoutACustomerIsCheckedAgainAtTheSaleUnderItsCustomersLimit() {
        long id = nextId();
        String code = "PER-CUSTOMER-" + id;
        Offer offer = oncePerCustomer(id, code);
        ObjectNode reference = Json.MAPPER.createObjectNode().put("reference_id", code).put("reference_id_type", "TTLCode")
                .put("amount", new BigDecimal("5.00"));
        String first = unique("first");
        sell(offer, first, "2026-03-01T10:05:00.000Z", "cust-" + id, reference);
        assertThat(effects(awaitOutcomes("store-1", first, 1).at("/outcomes/0"))).contains("acceptCoupon " + code);

        String second = unique("second");
        ObjectNode anonymous = check(offer, second, "2026-03-01T10:04:12.000Z", false);
        ((ArrayNode) anonymous.get("payments")).removeAll();
        assertThat(call("redeem", "store-1", lookup(code, "TTLCode", anonymous)).status()).isEqualTo(200);
        assertThat(usage(offer)).isEqualTo(2);
        sell(offer, second, "2026-03-01T10:05:00.000Z", "cust-" + id, reference);
        JsonNode closed = awaitOutcomes("store-1", second, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("rejectCoupon " + code);
        assertThat(closed.at("/effects/0/props/rejectionReason").asText()).isEqualTo("ProfileLimitReached");
        assertThat(closed.at("/warnings/0/code").asText()).isEqualTo("offer_unavailable");
        assertThat(usage(offer)).isEqualTo(1);
    }

    @Test
    void anotherTransactionsLockBindsWhileItLastsByTheGatewaysClockWhateverTheSalesTime() {
        Offer offer = offer();
        String holder = unique("holder");
        lock(offer, holder);
        ObjectNode byCode = Json.MAPPER.createObjectNode().put("reference_id", offer.code()).put("reference_id_type", "TTLCode")
                .put("amount", new BigDecimal("4.15"));
        // dated after the lock's expiry (within the clock skew believed), processed while it lasts: refused
        String early = unique("early");
        sell(offer, early, clock.instant().plus(Duration.ofMinutes(4)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
                "customer-42", byCode);
        JsonNode refused = awaitOutcomes("store-1", early, 1).at("/outcomes/0");
        assertThat(refused.at("/effects/0/props/rejectionReason").asText()).isEqualTo("CouponLocked");

        clock.advance(Duration.ofMinutes(31)); // the lock has expired: a sale dated while it lasted takes the offer
        String backlog = unique("backlog");
        sell(offer, backlog, clock.instant().minus(Duration.ofMinutes(40)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
                "customer-42", byCode);
        assertThat(effects(awaitOutcomes("store-1", backlog, 1).at("/outcomes/0"))).contains("acceptCoupon " + offer.code());
    }

    @Test
    void anOfferWhoseCampaignIsNotForTheCheckIsRefusedAndItsSaleWarned() {
        long id = nextId();
        String code = "SHOES-ONLY-" + id;
        new EngineClient(port).campaign(1, id, json("""
                name: shoes only %d
                couponRequired: true
                couponSettings: {usageLimit: 1}
                coupons: [%s]
                appliesTo: {categories: [shoes]}
                rules:
                  - title: ten percent
                    effects: [{type: setDiscountPerItem, name: ten percent, value: "item.price * 0.1"}]
                """.formatted(id, code)));
        Offer offer = new Offer(id, code, "SHIRT-" + id, "BELT-" + id);
        String txn = unique("not-shoes");
        for (String call : List.of("lock", "redeem")) {
            GatewayClient.Reply refused = call(call, "store-1", lookup(code, "TTLCode", check(offer, txn, "2026-03-01T10:04:12.000Z", false)));
            assertError(refused, 409, "offer_invalid", "request_payload.offer_lookup_code");
            assertThat(refused.json().at("/errors/0/message").asText()).isEqualTo("CouponRejectedByCondition");
        }
        sell(offer, txn, "2026-03-01T10:05:00.000Z", "customer-42", Json.MAPPER.createObjectNode()
                .put("reference_id", code).put("amount", new BigDecimal("4.15")));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("rejectCoupon " + code);
        assertThat(closed.at("/warnings/0/code").asText()).isEqualTo("offer_unavailable");
        assertThat(usage(offer)).isZero();
    }

    @Test
    void anIdNamesOnlyAnOfferIssuedToACustomerOrHeldByTheTransaction() {
        Offer offer = offer();
        long offerId = couponId(offer.code());
        String txn = unique("guess");
        GatewayClient.Reply guessed = call("lock", "store-1", lookup(Long.toString(offerId), "UserOfferId",
                check(offer, txn, "2026-03-01T10:04:12.000Z", false)));
        assertError(guessed, 404, "offer_not_found", "request_payload.offer_lookup_code");
        sell(offer, txn, "2026-03-01T10:05:00.000Z", "customer-42", Json.MAPPER.createObjectNode()
                .put("reference_id", Long.toString(offerId)).put("reference_id_type", "UserOfferId").put("amount", new BigDecimal("4.15")));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("rejectCoupon " + offerId);
        assertThat(closed.at("/effects/0/props/rejectionReason").asText()).isEqualTo("CouponNotFound");
        assertThat(usage(offer)).isZero();

        // held by the transaction (locked by its code), the same id names it, blanks around it or not
        String held = unique("held");
        assertThat(lock(offer, held).status()).isEqualTo(200);
        assertThat(call("lock", "store-1", lookup(Long.toString(offerId), "UserOfferId",
                check(offer, held, "2026-03-01T10:04:30.000Z", false))).status()).isEqualTo(200);
        sell(offer, held, "2026-03-01T10:05:00.000Z", "customer-42", Json.MAPPER.createObjectNode()
                .put("reference_id", " " + offerId + " ").put("reference_id_type", "UserOfferId").put("amount", new BigDecimal("4.15")));
        assertThat(effects(awaitOutcomes("store-1", held, 1).at("/outcomes/0"))).contains("acceptCoupon " + offer.code());
    }

    @Test
    void anUnlockForOneTransactionLeavesTheStoresOtherLocks() {
        Offer offer = usable(offer(), 3);
        List<String> holders = List.of(unique("m1"), unique("m2"), unique("m3"));
        holders.forEach(txn -> assertThat(lock(offer, txn).status()).isEqualTo(200));
        assertError(lock(offer, unique("m4")), 409, "offer_locked", "request_payload.offer_lookup_code");
        ObjectNode one = release(couponId(offer.code())).put("transaction_id", holders.get(0));
        assertThat(call("unlock", "store-1", one).status()).isEqualTo(200);
        assertThat(lock(offer, unique("m5")).status()).isEqualTo(200);
        assertError(lock(offer, unique("m6")), 409, "offer_locked", "request_payload.offer_lookup_code");
        assertError(call("unlock", "store-1", one), 409, "offer_not_locked", "request_payload.user_offer_id");
    }

    @Test
    void aTillsOwnDiscountIsNoOfferAndOneOfferSplitInTwoIsOneAmount() {
        Offer offer = offer();
        String txn = unique("split");
        JsonNode discount = lock(offer, txn).json().at("/payload/discount");
        ObjectNode sale = check(offer, txn, "2026-03-01T10:05:00.000Z", true);
        ArrayNode discounts = (ArrayNode) sale.get("discounts");
        discounts.add(((ObjectNode) discount.deepCopy()).put("amount", new BigDecimal("2.00")));
        discounts.add(((ObjectNode) discount.deepCopy()).put("amount", new BigDecimal("2.15")));
        discounts.addObject().put("reference_id", "EMP-10").put("reference_id_type", "Manual").put("amount", new BigDecimal("1.00"));
        client.send(envelope("store-1", UUID.randomUUID().toString(), sale));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).contains("acceptCoupon " + offer.code());
        assertThat(closed.get("warnings")).as(closed.get("warnings").toString()).isEmpty();
    }

    @Test
    void aRefundOfEveryLineGivesTheOfferBackAsAVoidDoes() {
        Offer offer = offer();
        String txn = unique("all-back");
        JsonNode discount = lock(offer, txn).json().at("/payload/discount");
        client.send(envelope("store-1", UUID.randomUUID().toString(), finalized(offer, txn, "2026-03-01T10:05:00.000Z", discount)));
        awaitOutcomes("store-1", txn, 1);
        assertThat(usage(offer)).isEqualTo(1);
        ObjectNode nothingKept = transaction(txn, "2026-03-02T10:00:00.000Z");
        client.send(envelope("store-1", UUID.randomUUID().toString(), nothingKept));
        JsonNode returned = awaitOutcomes("store-1", txn, 2).at("/outcomes/1");
        assertThat(returned.get("operation").asText()).isEqualTo("RETURN");
        assertThat(effects(returned)).containsExactly("rollbackDiscount 4.15", "rollbackCoupon " + offer.code());
        assertThat(usage(offer)).isZero();
    }

    @Test
    void aSaleReopenedWithALineAddedKeepsItsOfferRedeemed() {
        Offer offer = offer();
        String txn = unique("grown");
        JsonNode discount = lock(offer, txn).json().at("/payload/discount");
        client.send(envelope("store-1", UUID.randomUUID().toString(), finalized(offer, txn, "2026-03-01T10:05:00.000Z", discount)));
        awaitOutcomes("store-1", txn, 1);
        ObjectNode grown = finalized(offer, txn, "2026-03-01T10:07:00.000Z", discount);
        line(grown, "3", offer.shirt(), 1, "30.11");
        client.send(envelope("store-1", UUID.randomUUID().toString(), grown));
        JsonNode again = awaitOutcomes("store-1", txn, 2).at("/outcomes/1");
        assertThat(again.get("operation").asText()).isEqualTo("REOPEN_AND_CLOSE");
        assertThat(effects(again)).containsExactly("rollbackDiscount 4.15", "rollbackCoupon " + offer.code(),
                "setDiscountPerItem 4.15", "acceptCoupon " + offer.code());
        assertThat(again.get("warnings")).isEmpty();
        assertThat(usage(offer)).isEqualTo(1);
        assertError(lock(offer, unique("after")), 409, "offer_invalid", "request_payload.offer_lookup_code");
    }

    @Test
    void aRedemptionAFinishedSaleConsumedIsNotReinstatedByTheTill() {
        Offer offer = offer();
        String txn = unique("finished");
        JsonNode discount = call("redeem", "store-1", lookup(offer.code(), "TTLCode",
                check(offer, txn, "2026-03-01T10:04:12.000Z", false))).json().at("/payload/discount");
        client.send(envelope("store-1", UUID.randomUUID().toString(), finalized(offer, txn, "2026-03-01T10:05:00.000Z", discount)));
        awaitOutcomes("store-1", txn, 1);
        GatewayClient.Reply refused = call("reinstate", "store-1", release(couponId(offer.code())));
        assertError(refused, 409, "offer_not_redeemed", "request_payload.user_offer_id");
        assertThat(refused.json().at("/errors/0/message").asText()).contains("void or full refund");
        assertThat(usage(offer)).isEqualTo(1);
    }

    @Test
    void anIdOfAnotherCustomersOfferNamesNothingAndShowsNoCode() {
        long id = nextId();
        String code = "GIFT-OF-" + id;
        new EngineClient(port).campaign(1, id, json("""
                name: a gift %d
                couponRequired: true
                rules:
                  - title: five off
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """.formatted(id)));
        jdbc.sql("INSERT INTO engine_coupon (application_id, campaign_id, code, usage_limit, usage_counter, recipient, created)"
                + " VALUES (1, ?, ?, 1, 0, 'someone-else', CURRENT_TIMESTAMP)").params(id, code).update();
        long offerId = couponId(code);
        Offer offer = new Offer(id, code, "SHIRT-" + id, "BELT-" + id);
        String txn = unique("not-mine");
        sell(offer, txn, "2026-03-01T10:05:00.000Z", "customer-42", Json.MAPPER.createObjectNode()
                .put("reference_id", Long.toString(offerId)).put("reference_id_type", "UserOfferId").put("amount", new BigDecimal("5.00")));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("rejectCoupon " + offerId);
        assertThat(closed.toString()).doesNotContain(code);
    }

    @Test
    void aTillsOwnDiscountSpellingACouponsCodeUsesNoCoupon() {
        Offer offer = offer();
        String txn = unique("own-code");
        sell(offer, txn, "2026-03-01T10:05:00.000Z", "customer-42", Json.MAPPER.createObjectNode()
                .put("reference_id", offer.code()).put("reference_id_type", "Manual").put("amount", new BigDecimal("5.00")));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(closed.get("effects")).isEmpty();
        assertThat(usage(offer)).isZero();
    }

    @Test
    void oneOfferNamedByManyDiscountsIsOneShareAUnit() {
        Offer offer = offer();
        String txn = unique("many");
        JsonNode discount = call("lock", "store-pos", lookup(offer.code(), "TTLCode",
                check(offer, txn, "2026-03-01T10:04:12.000Z", false))).json().at("/payload/discount");
        ObjectNode sale = check(offer, txn, "2026-03-01T10:05:00.000Z", true);
        for (int i = 0; i < 5; i++) {
            ((ArrayNode) sale.get("discounts")).add(((ObjectNode) discount.deepCopy()).put("amount", new BigDecimal("0.83")));
        }
        client.send(envelope("store-pos", UUID.randomUUID().toString(), sale));
        JsonNode closed = awaitOutcomes("store-pos", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).containsExactly("setDiscountPerItem 4.15", "acceptCoupon " + offer.code());
    }

    @Test
    void atAStoreWhoseTillsDiscountsCountAnOfferIsAnsweredAloneAndRedeemedWhateverTheNetPrices() {
        long id = nextId();
        String code = "BIG-BASKET-" + id;
        new EngineClient(port).campaign(1, id, json("""
                name: Ten off big baskets %d
                couponRequired: true
                couponSettings: {usageLimit: 1}
                coupons: [%s]
                limits: [{action: setDiscount, limit: 100}]
                rules:
                  - title: ten off over 100
                    condition: "session.total > 100.0"
                    effects: [{type: setDiscount, name: ten off, value: "10.0"}]
                """.formatted(id, code)));
        Offer offer = new Offer(id, code, "Sub category 1", "Sub category 2");
        String txn = unique("big-basket");
        // seed 003's 101.74: the demo campaign 10's 10% per item is not given at this store, so not taken first
        GatewayClient.Reply locked = call("lock", "store-pos", lookup(code, "TTLCode",
                io.tillgate.PosFixtures.seed003Purchase(txn).put("is_closed", false)));
        assertThat(locked.status()).as(locked.body()).isEqualTo(200);
        JsonNode discount = locked.json().at("/payload/discount");
        assertThat(discount.get("amount").toString()).isEqualTo("10.00");
        assertThat(discount.get("discounted_line_ids").toString()).isEqualTo("[\"1\",\"2\"]");
        // the sale's net total is 91.74: the campaign's condition fails there, but what the till gave stands
        ObjectNode sale = io.tillgate.PosFixtures.seed003Purchase(txn).put("modified_time", "2026-03-01T10:05:00.000Z");
        ((ArrayNode) sale.get("discounts")).add(discount.deepCopy());
        client.send(envelope("store-pos", UUID.randomUUID().toString(), sale));
        JsonNode closed = awaitOutcomes("store-pos", txn, 1).at("/outcomes/0");
        assertThat(effects(closed)).contains("acceptCoupon " + code);
        assertThat(effects(closed).stream().filter(e -> e.startsWith("setDiscountPerItem")))
                .containsExactly("setDiscountPerItem 2.96", "setDiscountPerItem 2.96", "setDiscountPerItem 4.08");
        assertThat(budget(id, "setDiscount")).isEqualByComparingTo("10.00");
        assertThat(usage(offer)).isEqualTo(1);
        assertThat(closed.get("warnings")).extracting(w -> w.get("code").asText()).containsExactly("discount_not_applied");
    }

    @Test
    void aVoidedCheckTakesNoOffer() {
        Offer offer = offer();
        ObjectNode voided = check(offer, unique("voided"), "2026-03-01T10:04:12.000Z", false).put("is_voided", true);
        assertError(call("lock", "store-1", lookup(offer.code(), "TTLCode", voided)), 400, "invalid_value",
                "request_payload.transaction.is_voided");
    }

    @Test
    void atAStoreWhoseTillsDiscountsCountASaleReSentWithOtherDiscountsIsClosedAgainOnWhatWasPaid() {
        String code = accessoriesOffer(nextId());
        String txn = unique("re-discounted");
        JsonNode discount = call("lock", "store-pos", lookup(code, "TTLCode",
                io.tillgate.PosFixtures.seed003Purchase(txn).put("is_closed", false))).json().at("/payload/discount");
        ObjectNode sale = io.tillgate.PosFixtures.seed003Purchase(txn);
        ((ArrayNode) sale.get("discounts")).add(discount.deepCopy());
        client.send(envelope("store-pos", UUID.randomUUID().toString(), sale));
        assertThat(effects(awaitOutcomes("store-pos", txn, 1).at("/outcomes/0"))).contains("addLoyaltyPoints 97.00");

        // the same lines, the offer taken off, a 50.00 discount of the till's own on the whole check
        ObjectNode again = io.tillgate.PosFixtures.seed003Purchase(txn).put("modified_time", "2026-03-01T10:06:00.000Z");
        ((ArrayNode) again.get("discounts")).addObject().put("pos_discount_id", "staff").put("amount", new BigDecimal("50.00"));
        client.send(envelope("store-pos", UUID.randomUUID().toString(), again));
        JsonNode closed = awaitOutcomes("store-pos", txn, 2).at("/outcomes/1");
        assertThat(closed.get("operation").asText()).isEqualTo("REOPEN_AND_CLOSE");
        assertThat(effects(closed)).containsExactly("rollbackAddedLoyaltyPoints 97.00", "rollbackDiscount 4.15",
                "rollbackCoupon " + code, "addLoyaltyPoints 51.00");
        assertThat(jdbc.sql("SELECT usage_counter FROM engine_coupon WHERE code = ?").param(code).query(Integer.class).single())
                .isZero();
    }
}
