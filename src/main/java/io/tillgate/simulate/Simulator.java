package io.tillgate.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.Rule;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.evaluate.Evaluator;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.LoyaltyPrograms;
import io.tillgate.engine.session.BudgetScope;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.store.CouponStore;
import io.tillgate.engine.store.LoyaltyStore;
import io.tillgate.engine.store.ProfileStore;
import io.tillgate.fulfil.SessionFulfiller;
import io.tillgate.pos.PosDiscount;
import io.tillgate.translate.MappingFile;
import io.tillgate.translate.SessionMapping;
import io.tillgate.customers.CustomerResolver;
import io.tillgate.translate.StoreMappings;
import io.tillgate.translate.CartLine;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Evaluates one historical sale as it closed, as the session the worker maps its stored original to ({@code
 * mappings/session.yaml}, {@link SessionFulfiller}), through the draft (and the live campaigns, when asked), reading only:
 * the live campaigns and coupons as they are now, the customer's attributes, and their point balance at the sale's
 * time less what the replay deducted. What the evaluation would have changed goes to the {@link Replay}, nowhere else.
 */
@Component
class Simulator {
    private final CampaignCatalog catalog;
    private final CouponStore coupons;
    private final ProfileStore profiles;
    private final LoyaltyPrograms programs;
    private final LoyaltyStore loyalty;
    private final SessionFulfiller fulfiller;
    private final CustomerResolver customers;
    private final io.tillgate.engine.lifecycle.Tiering tiering;
    private final io.tillgate.engine.lifecycle.Achievements achievements;
    private final io.tillgate.engine.lifecycle.Audiences audiences;
    private final io.tillgate.engine.lifecycle.Giveaways giveaways;
    private final MappingFile<SessionMapping> mapping;
    private final MappingFile<StoreMappings> stores;

    Simulator(CampaignCatalog catalog, CouponStore coupons, ProfileStore profiles, LoyaltyPrograms programs, LoyaltyStore loyalty,
              SessionFulfiller fulfiller, CustomerResolver customers, io.tillgate.engine.lifecycle.Tiering tiering,
              io.tillgate.engine.lifecycle.Achievements achievements, io.tillgate.engine.lifecycle.Audiences audiences,
              io.tillgate.engine.lifecycle.Giveaways giveaways, MappingFile<SessionMapping> mapping,
              MappingFile<StoreMappings> stores) {
        this.giveaways = giveaways;
        this.achievements = achievements;
        this.audiences = audiences;
        this.tiering = tiering;
        this.stores = stores;
        this.fulfiller = fulfiller;
        this.customers = customers;
        this.mapping = mapping;
        this.catalog = catalog;
        this.coupons = coupons;
        this.profiles = profiles;
        this.programs = programs;
        this.loyalty = loyalty;
    }

    /** The loyalty programs, read once per simulation: a program changed meanwhile is not seen half-way. */
    Map<Long, LoyaltyProgram> programs() {
        return programs.all();
    }

    /**
     * Whether a stored sale is this application's: its store runs in it ({@code mappings/stores.yaml}). A web shop's
     * session of another application may carry a till's session id; the till's sale is not that application's.
     */
    boolean belongsTo(Application app, HistoricalSale sale) {
        return stores.current().applicationOf(sale.storeId()).filter(id -> id == app.id()).isPresent();
    }

    void replay(Application app, Campaign draft, boolean withLive, Map<Long, LoyaltyProgram> allPrograms,
                HistoricalSale sale, Replay replay) {
        // the session the worker maps the stored original to: its customer, coupon codes and attributes
        SessionMapping sessions = mapping.current();
        // as the ids are linked now, not as they were at the sale
        String profileId = customers.identify(app.id(), sale.original(), sessions).profileId().orElse(null);
        List<String> codes = fulfiller.couponCodes(app, sale.sessionId(), profileId, sale.original(), discounts(sale.original()),
                sessions);
        List<CartItem> items = SessionFulfiller.items(app, sale.cart());
        JsonNode profileAttributes = profileId == null ? null
                : profiles.find(app.id(), profileId).map(ProfileStore.Profile::attributes).orElse(null);
        SessionSnapshot session = new SessionSnapshot(sale.sessionId(), profileId, sale.storeId(), SessionState.CLOSED, items, codes,
                sessions.attributesOf(sale.original()), profileAttributes);

        Map<String, CouponView> known = new LinkedHashMap<>();
        List<Campaign> candidates = new ArrayList<>();
        if (withLive) {
            coupons.find(app.id(), codes, false).forEach((code, coupon) -> known.put(code, replay.replayed(coupon)));
            candidates.addAll(catalog.candidates(app.id(), items, known.values()));
        }
        for (int i = 0; i < draft.coupons().size(); i++) {
            String code = draft.coupons().get(i);
            if (codes.contains(code)) { // the draft's own code, as the sale carried it
                known.put(code, replay.draftCoupon(code, i));
            }
        }
        candidates.add(draft);

        // tiers, achievements, audiences and giveaway pools as they stand now (a replay does not rebuild them sale by
        // sale, nor use up codes); cards are not replayed
        EvaluationInput input = new EvaluationInput(session, app.money(), sale.closedAt(), true, candidates, known,
                replay.counters(), allPrograms, balances(candidates, profileId, sale.closedAt(), replay), replay.codes(), app.zone(),
                tiering.tiers(profileId, sale.closedAt()), Map.of(), achievements.standings(app, profileId, sale.closedAt()),
                audiences.view(profileId, candidates), giveaways.view(candidates, null, sale.closedAt(), false));
        replay.record(new ReplayedSale(sale.storeId(), sale.closedAt(), returned(sale.cart()), everythingReturned(sale.cart()),
                new BudgetScope(profileId, sale.storeId(), sale.closedAt(), app.zone())), Evaluator.evaluate(input));
    }

    /** The customer's active points at the sale's time, less the replay's deductions, in the programs a rule spends. */
    private Map<Long, BigDecimal> balances(List<Campaign> candidates, String profileId, java.time.Instant at, Replay replay) {
        if (profileId == null) {
            return Map.of();
        }
        Set<Long> spent = new TreeSet<>();
        for (Campaign c : candidates) {
            for (Rule rule : c.rules()) {
                for (EffectSpec e : concat(rule.effects(), rule.failureEffects())) {
                    if (e.spendsPoints()) {
                        spent.add(e.loyaltyProgram().orElseThrow());
                    }
                }
            }
        }
        Map<Long, BigDecimal> balances = new HashMap<>();
        for (long program : spent) {
            // the points active just before the sale: those it earned itself start at its own time
            balances.put(program, loyalty.balance(program, profileId, at.minusNanos(1_000)).activePoints()
                    .subtract(replay.deducted(program, profileId)));
        }
        return balances;
    }

    /** The POS discounts as far as the coupon codes need them: what each refers to, and as what. */
    private static List<PosDiscount> discounts(JsonNode original) {
        List<PosDiscount> discounts = new ArrayList<>();
        for (JsonNode d : original.path("discounts")) {
            discounts.add(new PosDiscount(text(d, "reference_id"), text(d, "reference_id_type"), null, null, null, null, null, null));
        }
        return discounts;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText().strip();
    }

    private static List<EffectSpec> concat(List<EffectSpec> a, List<EffectSpec> b) {
        List<EffectSpec> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The units returned since the sale: the first units of each line, as a return marks them. */
    private static Map<Integer, Set<Integer>> returned(List<CartLine> cart) {
        Map<Integer, Set<Integer>> returned = new TreeMap<>();
        for (CartLine line : cart) {
            for (int unit = 0; unit < line.returnedQuantity(); unit++) {
                returned.computeIfAbsent(line.position(), p -> new TreeSet<>()).add(unit);
            }
        }
        return returned;
    }

    private static boolean everythingReturned(List<CartLine> cart) {
        return cart.stream().allMatch(line -> line.remainingQuantity() == 0);
    }
}
