package io.tillgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.TillgateApplication;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.catalog.CampaignAdmin;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.ReturnedItem;
import io.tillgate.engine.lifecycle.SessionEngine;
import io.tillgate.engine.lifecycle.SessionOutcome;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.lifecycle.SessionUpdate;
import io.tillgate.engine.store.BudgetStore;
import io.tillgate.engine.store.LoyaltyStore;
import io.tillgate.engine.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stacks of campaigns over a cart, closed, then taken through returns of single units, reopen-and-close and a
 * cancel, on the real engine and store (H2): after every step the money that was granted and not taken back
 * fits what the customer keeps, budget counters hold exactly the net discounts, points balances the net
 * points (under each return policy, points active at once or pending), and a cancel takes back everything its
 * policy lets it. The campaigns are those of {@link MoneyInvariantsPropertyTest}. The return window is not
 * generated (the example tests move the clock past it).
 */
class MoneyThroughReturnsPropertyTest {
    private static final AtomicLong IDS = new AtomicLong(900_000 + (System.nanoTime() % 1_000) * 1_000);
    private static ConfigurableApplicationContext gateway;
    private static Applications.Application app;

    @BeforeContainer
    static void start() {
        gateway = new SpringApplicationBuilder(TillgateApplication.class).run(
                "--server.port=0", "--tillgate.broker.tcp.enabled=false", "--tillgate.worker.auto-startup=false",
                "--tillgate.data-dir=" + Path.of("target/test-data/money-" + UUID.randomUUID()).toAbsolutePath(),
                "--tillgate.engine.applications[0].id=1", "--tillgate.engine.applications[0].name=demo",
                "--tillgate.engine.applications[0].currency=USD", "--tillgate.engine.applications[0].api-key=demo-app-key",
                "--tillgate.engine.applications[1].id=3", "--tillgate.engine.applications[1].name=money",
                "--tillgate.engine.applications[1].currency=USD", "--tillgate.engine.applications[1].api-key=money-key");
        app = gateway.getBean(Applications.class).byId(3).orElseThrow();
    }

    @AfterContainer
    static void stop() {
        gateway.close();
    }

    record Journey(List<String> effects, List<int[]> lines, List<Integer> steps, String policy, String pending) {
    }

    @Provide
    Arbitrary<Journey> journeys() {
        Arbitrary<String> effect = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 6_000).map(c -> "{type: setDiscount, name: d, value: \"" + c / 100.0 + "\"}"),
                Arbitraries.integers().between(1, 100).map(p -> "{type: setDiscount, name: d, value: \"session.total * " + p / 100.0 + "\"}"),
                Arbitraries.integers().between(1, 100).map(p -> "{type: setDiscountPerItem, name: d, value: \"item.price * " + p / 100.0 + "\"}"),
                Arbitraries.integers().between(1, 3_000).map(c -> "{type: setDiscountPerItem, name: d, value: \"" + c / 100.0
                        + "\", items: \"item.name == 'A'\"}"),
                Arbitraries.integers().between(1, 9_000).map(c -> "{type: setDiscountPerItemProRata, name: d, total: \"" + c / 100.0 + "\"}"),
                Arbitraries.integers().between(1, 100).map(p -> "{type: addLoyaltyPoints, programId: 1, name: p, value: \"session.total * "
                        + p / 100.0 + "\"}"),
                Arbitraries.integers().between(1, 100).map(p -> "{type: addLoyaltyPoints, programId: 1, name: p, value: \"item.price * "
                        + p / 100.0 + "\", items: \"true\"}"));
        Arbitrary<int[]> line = Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 5_000),
                Arbitraries.integers().between(0, 2)).as((quantity, cents, name) -> new int[]{quantity, cents, name});
        // steps: 0 return one unit, 1 reopen and close again (before any return), 2 cancel (the journey's end)
        Arbitrary<Integer> step = Arbitraries.frequency(net.jqwik.api.Tuple.of(5, 0), net.jqwik.api.Tuple.of(2, 1), net.jqwik.api.Tuple.of(1, 2));
        return Combinators.combine(effect.list().ofMinSize(1).ofMaxSize(4), line.list().ofMinSize(1).ofMaxSize(4),
                step.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of("only_pending", "within_balance", "unlimited"),
                Arbitraries.of("immediate", "14D")).as(Journey::new);
    }

    @Property(tries = 150)
    void grantedMinusTakenBackAlwaysFitsWhatIsKeptAndACancelTakesBackAll(@ForAll("journeys") Journey journey) throws Exception {
        long first = IDS.getAndAdd(10);
        String sku = "M-" + first;
        // a program of the journey's own, with its return policy; points active at once or pending 14 days
        gateway.getBean(io.tillgate.engine.loyalty.LoyaltyPrograms.class).save(first, new io.tillgate.engine.loyalty.LoyaltyProgramDocument(
                first, "p" + first, "p", journey.pending(), "unlimited", journey.policy(), "12M"));
        List<Long> campaigns = new ArrayList<>();
        for (int i = 0; i < journey.effects().size(); i++) {
            long id = first + i;
            campaigns.add(id);
            gateway.getBean(CampaignAdmin.class).save(app.id(), id, EngineFixtures.YAML.readValue("""
                    name: c%d
                    partialDiscounts: true
                    appliesTo: {skus: [%s]}
                    limits: [{action: setDiscount, limit: 1000000}]
                    rules: [{title: r, condition: "session.total > 0.0", effects: [%s]}]
                    """.formatted(id, sku, journey.effects().get(i).replace("programId: 1", "programId: " + first)),
                    CampaignDocument.class));
        }
        List<CartItem> cart = new ArrayList<>();
        List<int[]> units = new ArrayList<>(); // position, sub-position, cents, returned (0/1)
        for (int[] line : journey.lines()) {
            cart.add(new CartItem(new String[]{"A", "B", "C"}[line[2]], sku, line[0], 0, BigDecimal.valueOf(line[1], 2), "c", null));
            for (int u = 0; u < line[0]; u++) {
                units.add(new int[]{cart.size() - 1, u, line[1], 0});
            }
        }
        String session = "money-" + first;
        String profile = "member-" + first;
        SessionEngine engine = gateway.getBean(SessionEngine.class);
        Ledger ledger = new Ledger(journey.policy(), journey.pending());
        ledger.add(engine.update(app, session, new SessionUpdate(profile, SessionState.CLOSED, cart, List.of(), null), false));
        ledger.program = first;
        ledger.check(units, campaigns, profile, false);
        java.util.Random pick = new java.util.Random(first);
        for (int step : journey.steps()) {
            if (step == 2) {
                ledger.add(engine.update(app, session, new SessionUpdate(null, SessionState.CANCELLED, null, null, null), false));
                ledger.check(units, campaigns, profile, true);
                return;
            }
            if (step == 1) {
                if (units.stream().anyMatch(u -> u[3] == 1)) {
                    continue; // only a closed session can be reopened; one with returns cannot
                }
                ledger.add(engine.reopen(app, session));
                ledger.add(engine.update(app, session, new SessionUpdate(null, SessionState.CLOSED, null, null, null), false));
            } else {
                List<int[]> kept = units.stream().filter(u -> u[3] == 0).toList();
                if (kept.isEmpty()) {
                    continue;
                }
                int[] unit = kept.get(pick.nextInt(kept.size()));
                ledger.add(engine.returnItems(app, session, List.of(new ReturnedItem(unit[0], 1)), false));
                // a return of 1 from a line takes its last unit not yet returned
                int[] taken = units.stream().filter(u -> u[0] == unit[0] && u[3] == 0).reduce((a, b) -> b).orElseThrow();
                taken[3] = 1;
            }
            ledger.check(units, campaigns, profile, false);
        }
    }

    /** What the effects of a session granted and took back, summed per campaign. */
    private static final class Ledger {
        final String policy;
        final String pending;

        Ledger(String policy, String pending) {
            this.policy = policy;
            this.pending = pending;
        }

        final Map<Long, BigDecimal> discounts = new HashMap<>();
        BigDecimal points = BigDecimal.ZERO;
        long program;

        void add(SessionOutcome outcome) {
            for (Effect effect : outcome.effects()) {
                JsonNode props = Json.MAPPER.valueToTree(effect.props());
                if (props.has("value") && props.get("value").isNumber()) {
                    BigDecimal value = props.get("value").decimalValue();
                    assertThat(value.signum()).as(effect.effectType() + " of nothing").isPositive();
                    assertThat(value.scale()).as(effect.effectType() + " at its scale").isEqualTo(2);
                }
                switch (effect.effectType()) {
                    case "setDiscount", "setDiscountPerItem" ->
                            discounts.merge(effect.campaignId(), props.get("value").decimalValue(), BigDecimal::add);
                    case "rollbackDiscount" ->
                            discounts.merge(effect.campaignId(), props.get("value").decimalValue().negate(), BigDecimal::add);
                    case "addLoyaltyPoints" -> points = points.add(props.get("value").decimalValue());
                    case "rollbackAddedLoyaltyPoints" -> points = points.subtract(props.get("value").decimalValue());
                    case "error" -> throw new AssertionError("a rule failed: " + props);
                    default -> {
                    }
                }
            }
        }

        void check(List<int[]> units, List<Long> campaigns, String profile, boolean cancelled) {
            BigDecimal kept = units.stream().filter(u -> u[3] == 0).map(u -> BigDecimal.valueOf(u[2], 2)).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal net = discounts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(net).as("discounts held").isBetween(BigDecimal.ZERO, cancelled ? BigDecimal.ZERO : kept);
            BudgetStore budgets = gateway.getBean(BudgetStore.class);
            for (long campaign : campaigns) {
                BigDecimal counter = budgets.ofCampaign(campaign).stream()
                        .filter(c -> c.action() == BudgetAction.setDiscount && c.entityKey().isEmpty())
                        .map(BudgetStore.Counter::counter).findFirst().orElse(BigDecimal.ZERO);
                assertThat(counter).as("campaign %d's budget counter holds its net discounts", campaign)
                        .isEqualByComparingTo(discounts.getOrDefault(campaign, BigDecimal.ZERO));
            }
            LoyaltyStore.Balance balance = gateway.getBean(LoyaltyStore.class).balance(program, profile, Clock.systemUTC().instant());
            assertThat(balance.activePoints().add(balance.pendingPoints())).as("the balance holds the net points")
                    .isEqualByComparingTo(points);
            if (cancelled && !(policy.equals("only_pending") && pending.equals("immediate"))) {
                assertThat(points).as("a cancel takes back every point its policy lets it").isEqualByComparingTo("0");
            }
        }
    }
}
