package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.tillgate.gateway.EngineClient.effects;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions closing at the same moment against one budget or one single-use coupon, over HTTP: the
 * counters are guarded in the database, so the limits hold exactly.
 */
abstract class ConcurrencyContract extends GatewayTest {

    private List<JsonNode> closeAtOnce(int sessions, String prefix, String body) throws Exception {
        EngineClient engine = new EngineClient(port);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JsonNode>> replies = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String id = prefix + "-" + i;
            replies.add(pool.submit(() -> {
                start.await();
                return engine.session(id, body);
            }));
        }
        start.countDown();
        List<JsonNode> states = new ArrayList<>();
        for (Future<JsonNode> reply : replies) {
            states.add(reply.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return states;
    }

    @Test
    void twoHundredSessionsClosingAtOnceAgainstABudgetWithRoomForFiftyGrantExactlyFifty() throws Exception {
        long id = nextId();
        EngineClient engine = new EngineClient(port);
        engine.campaign(2, id, json("""
                name: budget race %d
                appliesTo: {skus: [RACE-%d]}
                limits: [{action: setDiscount, limit: 500}]
                rules:
                  - title: ten off
                    effects: [{type: setDiscount, name: ten off, value: "10.0"}]
                """.formatted(id, id)));
        List<JsonNode> states = closeAtOnce(200, "race-" + id, """
                {"customerSession": {"state": "closed", "cartItems": [{"sku": "RACE-%d", "quantity": 1, "price": 30}]}}""".formatted(id));
        long granted = states.stream().filter(s -> effects(s).contains("setDiscount 10")).count();
        assertThat(granted).isEqualTo(50);
        assertThat(states).allSatisfy(s -> assertThat(s.get("effects").size()).isLessThanOrEqualTo(1));
        assertThat(engine.campaign(2, id).at("/budgets/0/counter").decimalValue()).isEqualByComparingTo("500");
    }

    @Test
    void twentySessionsClosingAtOnceWithOneSingleUseCouponRedeemItOnce() throws Exception {
        long id = nextId();
        String code = "ONLY-ONCE-" + id;
        EngineClient engine = new EngineClient(port);
        engine.campaign(2, id, json("""
                name: coupon race %d
                couponRequired: true
                couponSettings: {usageLimit: 1}
                coupons: [%s]
                rules:
                  - title: five off
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """.formatted(id, code)));
        List<JsonNode> states = closeAtOnce(20, "coupon-race-" + id, """
                {"customerSession": {"state": "closed", "couponCodes": ["%s"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30}]}}""".formatted(code));
        assertThat(states.stream().filter(s -> effects(s).contains("acceptCoupon " + code)).count()).isEqualTo(1);
        assertThat(states.stream().filter(s -> effects(s).contains("setDiscount 5")).count()).isEqualTo(1);
        assertThat(states.stream().filter(s -> s.toString().contains("CouponLimitReached")).count()).isEqualTo(19);
        JsonNode coupon = engine.get("/v1/applications/2/campaigns/" + id + "/coupons?value=" + code, EngineClient.MANAGEMENT).json();
        assertThat(coupon.at("/data/0/usageCounter").asInt()).isEqualTo(1);
    }

    /** Twenty tills calling lock (or redeem) with one single-use code at once, each for a transaction of its own. */
    private List<GatewayClient.Reply> offerAtOnce(String call, String code, String sku) throws Exception {
        GatewayClient till = new GatewayClient(port);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GatewayClient.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            com.fasterxml.jackson.databind.node.ObjectNode check = io.tillgate.PosFixtures.transaction(
                    call + "-race-" + code + "-" + i, "2026-03-01T10:04:12.000Z").put("is_closed", false);
            io.tillgate.PosFixtures.line(check, "1", sku, 1, "41.52");
            com.fasterxml.jackson.databind.node.ObjectNode payload = io.tillgate.engine.json.Json.MAPPER.createObjectNode()
                    .put("offer_lookup_code", code).put("offer_lookup_type", "TTLCode");
            payload.set("transaction", check);
            String body = io.tillgate.PosFixtures.envelope("store-1", java.util.UUID.randomUUID().toString(), payload).toString();
            replies.add(pool.submit(() -> {
                start.await();
                return till.post("/api/2.0/" + call, GatewayClient.DEMO, "application/json", body);
            }));
        }
        start.countDown();
        List<GatewayClient.Reply> answered = new ArrayList<>();
        for (Future<GatewayClient.Reply> reply : replies) {
            answered.add(reply.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return answered;
    }

    private String singleUseOffer(long id, String code, String sku) {
        new EngineClient(port).campaign(1, id, json("""
                name: offer race %d
                couponRequired: true
                couponSettings: {usageLimit: 1}
                coupons: [%s]
                rules:
                  - title: ten percent
                    effects: [{type: setDiscountPerItem, name: ten percent, items: "item.sku == '%s'", value: "item.price * 0.1"}]
                """.formatted(id, code, sku)));
        return code;
    }

    @Test
    void twentyTillsLockingOneSingleUseOfferAtOnceLeaveItLockedForOne() throws Exception {
        long id = nextId();
        String code = singleUseOffer(id, "LOCK-RACE-" + id, "RACE-" + id);
        List<GatewayClient.Reply> replies = offerAtOnce("lock", code, "RACE-" + id);
        assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(1)
                .allSatisfy(r -> assertThat(r.json().at("/payload/discount/amount").toString()).isEqualTo("4.15"));
        assertThat(replies.stream().filter(r -> r.status() == 409 && r.json().at("/errors/0/code").asText().equals("offer_locked")))
                .hasSize(19);
        JsonNode coupon = new EngineClient(port).get("/v1/applications/1/campaigns/" + id + "/coupons?value=" + code,
                EngineClient.MANAGEMENT).json();
        assertThat(coupon.at("/data/0/usageCounter").asInt()).isZero();
    }

    @Test
    void twentyTillsRedeemingOneSingleUseOfferAtOnceRedeemItOnce() throws Exception {
        long id = nextId();
        String code = singleUseOffer(id, "REDEEM-RACE-" + id, "RACE-" + id);
        List<GatewayClient.Reply> replies = offerAtOnce("redeem", code, "RACE-" + id);
        assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(1);
        assertThat(replies.stream().filter(r -> r.status() == 409 && r.json().at("/errors/0/message").asText().equals("CouponLimitReached")))
                .hasSize(19);
        JsonNode coupon = new EngineClient(port).get("/v1/applications/1/campaigns/" + id + "/coupons?value=" + code,
                EngineClient.MANAGEMENT).json();
        assertThat(coupon.at("/data/0/usageCounter").asInt()).isEqualTo(1);
    }
}
