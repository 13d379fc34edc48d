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
}
