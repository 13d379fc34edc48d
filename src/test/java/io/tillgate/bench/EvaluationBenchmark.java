package io.tillgate.bench;

import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.catalog.CampaignCompiler;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.campaign.CampaignIndex;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.evaluate.Evaluator;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.json.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Evaluation alone (no I/O): index lookup plus rule evaluation of an open session with a 5-line cart,
 * against 10, 100 or 1,000 active campaigns of 3 rules each. Like a real catalogue of promotions, most
 * campaigns target a few SKUs or a category (indexed), some need a coupon, and one in fifty applies to
 * every cart. Run with {@code bench/evaluation.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(java.util.concurrent.TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(1)
public class EvaluationBenchmark {
    private static final Money USD = Money.of("USD", RoundingMode.HALF_EVEN);
    private static final int SKUS = 2_000;
    private static final int CATEGORIES = 40;

    @Param({"10", "100", "1000"})
    public int campaigns;

    private CampaignIndex index;
    private final List<List<CartItem>> carts = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        List<Campaign> list = new ArrayList<>();
        for (int c = 1; c <= campaigns; c++) {
            String appliesTo;
            if (c % 50 == 1) {
                appliesTo = "";
            } else if (c % 10 == 0) {
                appliesTo = "couponRequired: true\ncoupons: [C-" + c + "]\n";
            } else if (c % 2 == 0) {
                appliesTo = "appliesTo: {categories: [cat-" + random.nextInt(CATEGORIES) + "]}\n";
            } else {
                appliesTo = "appliesTo: {skus: [sku-" + random.nextInt(SKUS) + ", sku-" + random.nextInt(SKUS) + ", sku-" + random.nextInt(SKUS) + "]}\n";
            }
            String yaml = "name: campaign " + c + "\n" + appliesTo + """
                    rules:
                      - title: big carts
                        condition: "session.total > 50.0 && session.itemCount >= 2"
                        effects: [{type: setDiscount, name: five percent, value: "session.total * 0.05"}]
                      - title: category items
                        condition: "session.categories.exists(c, c.startsWith('cat-1'))"
                        effects: [{type: setDiscountPerItem, name: one off, items: "item.price > 5.0", value: "1.0"}]
                      - title: loyal customers
                        condition: "profile.integrationId != '' && session.total > 200.0"
                        effects: [{type: showNotification, notificationType: Info, title: Thanks, body: Thank you}]
                    """;
            list.add(CampaignCompiler.compile(1, c, read(yaml)));
        }
        index = new CampaignIndex(list);
        for (int k = 0; k < 1_024; k++) {
            List<CartItem> cart = new ArrayList<>();
            for (int line = 0; line < 5; line++) {
                cart.add(new CartItem("item", "sku-" + random.nextInt(SKUS), 1 + random.nextInt(3),
                        0, BigDecimal.valueOf(100 + random.nextInt(9_900), 2), "cat-" + random.nextInt(CATEGORIES), null));
            }
            carts.add(cart);
        }
    }

    @Benchmark
    public Evaluation evaluate() {
        List<CartItem> cart = carts.get(next++ & 1_023);
        Set<String> skus = new HashSet<>();
        Set<String> categories = new HashSet<>();
        for (CartItem item : cart) {
            skus.add(item.sku());
            categories.add(item.category());
        }
        List<Campaign> candidates = index.candidates(skus, categories, Set.of());
        SessionSnapshot session = new SessionSnapshot("bench", "customer-1", SessionState.OPEN, cart, List.of(), null, null);
        return Evaluator.evaluate(new EvaluationInput(session, USD, Instant.EPOCH, false, candidates, Map.of(), Map.of(),
                Map.of(), Map.of(), CODES));
    }

    private static final EvaluationInput.Codes CODES = new EvaluationInput.Codes() {
        @Override
        public String coupon(String pattern) {
            return pattern.replace('#', '0');
        }

        @Override
        public String transactionId() {
            return UUID.randomUUID().toString();
        }
    };

    private static CampaignDocument read(String yaml) {
        try {
            return Json.MAPPER.treeToValue(new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml), CampaignDocument.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
