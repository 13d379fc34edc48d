package io.tillgate.fulfil;

import io.tillgate.translate.CartLine;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.ReturnedItem;
import io.tillgate.engine.lifecycle.Offers;
import io.tillgate.engine.lifecycle.TillDiscounts;
import io.tillgate.engine.lifecycle.SessionEngine;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.GivenDiscounts;
import io.tillgate.engine.session.UnitShare;
import io.tillgate.translate.DiscountsMode;
import io.tillgate.translate.TillDiscountShares;
import io.tillgate.engine.session.Props;
import io.tillgate.engine.json.Json;
import io.tillgate.pos.FieldError;
import io.tillgate.pos.PosDiscount;
import io.tillgate.pos.PosTransaction;
import io.tillgate.engine.lifecycle.SessionOutcome;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.lifecycle.SessionUpdate;
import io.tillgate.translate.Plan;
import io.tillgate.translate.SessionMapping;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * Carries a plan out on the engine, inside the worker's database transaction: session updates for
 * open, update and close, the cancel transition, a return of the planned positions, reopen then close.
 * The session gets its cart from the plan, and its profile, coupon codes and attributes from the
 * transaction as {@code mappings/session.yaml} says.
 */
@Component
public class SessionFulfiller {
    private final SessionEngine engine;
    private final Offers offers;

    public SessionFulfiller(SessionEngine engine, Offers offers) {
        this.engine = engine;
        this.offers = offers;
    }

    /** A discount's reference_id_type naming an offer by its id (the coupon's), as lock and redeem answer it. */
    public static final String USER_OFFER_ID = "UserOfferId";

    /**
     * The session's coupon codes: those {@code mappings/session.yaml} finds, a discount's reference to an offer by
     * its id ({@code reference_id_type} UserOfferId) replaced by the offer's code, and without the references of the
     * till's own discounts (of another type), which name no offer even when they spell a coupon's code. A reference
     * to no offer stays as it is, and the engine rejects it as a code not found.
     */
    public List<String> couponCodes(Application app, String sessionId, String profileId, JsonNode payload,
                                    List<PosDiscount> discounts, SessionMapping mapping) {
        return couponCodes(mapping.couponCodesOf(payload), discounts, offerCodes(app, sessionId, profileId, discounts));
    }

    /** The mapped codes, given the code each discount names ({@link #offerCodes}). */
    private static List<String> couponCodes(List<String> mapped, List<PosDiscount> discounts, List<String> named) {
        if (discounts.isEmpty()) {
            return mapped;
        }
        Map<String, String> byReference = new HashMap<>();
        Set<String> tillsOwn = new HashSet<>();
        for (int i = 0; i < discounts.size(); i++) {
            String reference = discounts.get(i).referenceId();
            if (named.get(i) != null) {
                byReference.put(reference, named.get(i));
            } else if (reference != null) {
                tillsOwn.add(reference);
            }
        }
        tillsOwn.removeAll(byReference.keySet());
        return List.copyOf(new LinkedHashSet<>(mapped.stream().filter(c -> !tillsOwn.contains(c))
                .map(c -> byReference.getOrDefault(c, c)).toList()));
    }

    /**
     * The coupon code each POS discount names, in order: an offer's by its id (one the sale may use, see
     * {@link Offers#code}), or the reference itself; null for a till's own discount.
     */
    private List<String> offerCodes(Application app, String sessionId, String profileId, List<PosDiscount> discounts) {
        List<String> codes = new ArrayList<>(discounts.size());
        for (PosDiscount discount : discounts) {
            codes.add(!namesOffer(discount) ? null
                    : USER_OFFER_ID.equals(discount.referenceIdType()) && discount.referenceId().matches("[0-9]{1,18}")
                    ? offers.code(app, Long.parseLong(discount.referenceId()), sessionId, profileId).orElse(discount.referenceId())
                    : discount.referenceId());
        }
        return codes;
    }

    /**
     * What a sale's fulfilment says about the discounts its till gave, one warning each: {@code offer_unavailable} for a
     * POS discount whose offer the engine would not redeem (a lock that expired and was taken, an offer used up): the
     * customer got a discount the engine could not honour; {@code discount_mismatch} when the engine's discount from
     * the offer's campaign differs from the POS amount by more than a cent; where the till's discounts count,
     * {@code discount_not_applied} for each campaign discount the engine found that the till did not give; and what of
     * the till's discounts did not add up.
     */
    public List<FieldError> discountWarnings(Application app, PosTransaction transaction, Fulfilment fulfilment) {
        List<FieldError> warnings = new ArrayList<>(fulfilment.warnings());
        Map<Long, BigDecimal> engineDiscounts = new HashMap<>();
        Set<Long> unanswered = new HashSet<>(); // offers the till gave without a lock or redeem: nothing to compare with
        for (TillDiscounts.Compared c : fulfilment.compared()) {
            if (c.engine() == null) {
                unanswered.add(c.campaignId());
            } else {
                engineDiscounts.put(c.campaignId(), c.engine());
            }
            if (c.given() == null) {
                warnings.add(new FieldError("discount_not_applied", null, "campaign " + c.campaignId() + " ("
                        + c.name() + "): the engine's discount of " + app.money().of(c.engine()).toPlainString()
                        + " was not given by the till; not charged, not published"));
            }
        }
        List<Effect> effects = fulfilment.effects();
        if (transaction.discounts().isEmpty() || effects.isEmpty()) {
            return warnings;
        }
        Map<String, String> rejected = new HashMap<>();
        Map<String, Long> accepted = new HashMap<>();
        for (Effect e : effects) {
            if (e.props() instanceof Props.RejectCoupon r) {
                rejected.putIfAbsent(r.value(), r.rejectionReason());
            } else if (e.effectType().equals("acceptCoupon") && e.props() instanceof Props.Coupon c) {
                accepted.put(c.value(), e.campaignId());
            } else if (e.effectType().startsWith("setDiscount") && fulfilment.compared().isEmpty()) {
                engineDiscounts.merge(e.campaignId(), Json.MAPPER.valueToTree(e.props()).path("value").decimalValue(), BigDecimal::add);
            }
        }
        // one offer the till split over several discounts is one amount
        Map<String, List<Integer>> byCode = new LinkedHashMap<>();
        for (int i = 0; i < transaction.discounts().size(); i++) {
            PosDiscount discount = transaction.discounts().get(i);
            if (namesOffer(discount)) {
                // the code the close used: the reference itself when it named no offer the sale could use
                String reference = discount.referenceId();
                String code = USER_OFFER_ID.equals(discount.referenceIdType()) && reference.matches("[0-9]{1,18}")
                        && !rejected.containsKey(reference) ? offers.anyCode(app, Long.parseLong(reference)).orElse(reference)
                        : reference;
                byCode.computeIfAbsent(code, c -> new ArrayList<>()).add(i);
            }
        }
        byCode.forEach((code, indexes) -> {
            PosDiscount discount = transaction.discounts().get(indexes.get(0));
            List<BigDecimal> amounts = indexes.stream().map(i -> transaction.discounts().get(i).amount()).toList();
            BigDecimal given = amounts.contains(null) ? null : amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            String posAmount = given == null ? "not given" : given.toPlainString();
            String at = "request_payload.discounts[" + indexes.get(0) + "]";
            if (rejected.containsKey(code)) {
                warnings.add(new FieldError("offer_unavailable", at + ".reference_id", "offer " + discount.referenceId()
                        + " (POS amount " + posAmount + ") could not be redeemed: " + rejected.get(code)));
            } else if (accepted.containsKey(code) && given != null && !unanswered.contains(accepted.get(code))) {
                BigDecimal engine = app.money().of(engineDiscounts.getOrDefault(accepted.get(code), BigDecimal.ZERO));
                if (engine.subtract(given).abs().compareTo(CENT) > 0) {
                    warnings.add(new FieldError("discount_mismatch", at + ".amount", "offer " + discount.referenceId()
                            + ": the till gave " + posAmount + ", the engine's discount is " + engine.toPlainString()));
                }
            }
        });
        return warnings;
    }

    private static final BigDecimal CENT = new BigDecimal("0.01");

    /** A cart as the engine's session holds it: the till's line ids stay behind, prices at the currency's scale. */
    public static List<CartItem> items(Application app, List<CartLine> cart) {
        return cart.stream().map(c -> new CartItem(c.name(), c.sku(), c.quantity(), 0, app.money().of(c.price()),
                c.category(), c.attributes())).toList();
    }

    /** A customer whose session a request updates: the profile its transaction identifies. */
    public record Customer(Application app, String profileId) implements Comparable<Customer> {
        private static final Comparator<Customer> ORDER = Comparator.comparingLong((Customer c) -> c.app().id())
                .thenComparing(Customer::profileId);

        @Override
        public int compareTo(Customer other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * Locks the profile of a customer whose session the caller's transaction will update. A caller that updates
     * many customers' sessions in one transaction locks them all first, in {@link Customer}'s order: two such
     * transactions then wait for each other instead of deadlocking. A lock that cannot be had fails this call
     * only: the caller's transaction stays usable.
     */
    public void lockCustomer(Customer customer) {
        engine.lockProfile(customer.app(), customer.profileId());
    }

    /** Carries the plan out for the sale, as of its time (see {@link SessionEngine#update}). */
    public Fulfilment carryOut(Application app, String sessionId, Plan plan, Sale sale, SessionMapping mapping) {
        Instant at = sale.at();
        if (plan instanceof Plan.Open open) {
            return update(app, sessionId, SessionState.OPEN, open.cart(), sale, mapping, "session.opened");
        }
        if (plan instanceof Plan.Update update) {
            return update(app, sessionId, SessionState.OPEN, update.cart(), sale, mapping, "session.updated");
        }
        if (plan instanceof Plan.Close close) {
            return update(app, sessionId, SessionState.CLOSED, close.cart(), sale, mapping, "session.closed");
        }
        if (plan instanceof Plan.Cancel) {
            if (engine.get(app, sessionId).isEmpty()) {
                // voided before it was ever seen: no session to cancel, but the offers the till took for it are freed
                List<Effect> given = engine.endOffers(app, sessionId, at);
                return given.isEmpty() ? Fulfilment.NOTHING : new Fulfilment(List.of(SessionOperation.RELEASE_OFFERS),
                        List.of(new Fulfilment.Step("session.cancelled", SessionState.CANCELLED, given)));
            }
            SessionOutcome o = engine.update(app, sessionId, new SessionUpdate(null, SessionState.CANCELLED, null, null, null), false, at);
            return new Fulfilment(List.of(SessionOperation.UPDATE_CANCELLED), List.of(new Fulfilment.Step("session.cancelled", o.session().state(), o.effects())));
        }
        if (plan instanceof Plan.Return ret) {
            List<ReturnedItem> items = ret.items().stream().map(r -> new ReturnedItem(r.position(), r.quantity())).toList();
            SessionOutcome o = engine.returnItems(app, sessionId, items, false, at);
            return new Fulfilment(List.of(SessionOperation.RETURN), List.of(new Fulfilment.Step("session.partially_returned", o.session().state(), o.effects())));
        }
        if (plan instanceof Plan.ReopenAndClose again) {
            SessionOutcome reopened = engine.reopen(app, sessionId, at);
            Fulfilment closed = update(app, sessionId, SessionState.CLOSED, again.cart(), sale, mapping, "session.closed");
            List<Fulfilment.Step> steps = new ArrayList<>();
            steps.add(new Fulfilment.Step("session.reopened", reopened.session().state(), reopened.effects()));
            steps.addAll(closed.steps());
            return new Fulfilment(List.of(SessionOperation.REOPEN, SessionOperation.UPDATE_CLOSED), steps, closed.compared(),
                    closed.warnings());
        }
        return Fulfilment.NOTHING; // duplicate, stale, rejected, no change
    }

    private Fulfilment update(Application app, String sessionId, SessionState state, List<CartLine> cart, Sale sale,
                              SessionMapping mapping, String eventType) {
        JsonNode payload = sale.payload();
        String profileId = sale.profileId();
        List<PosDiscount> discounts = sale.transaction().discounts();
        List<String> named = offerCodes(app, sessionId, profileId, discounts);
        List<CartItem> items = items(app, cart);
        GivenDiscounts given = null;
        List<FieldError> warnings = List.of();
        if (sale.discounts() == DiscountsMode.POS) { // the customer paid net prices, and the till's discounts count
            TillDiscountShares.Shares shares = TillDiscountShares.allocate(cart, items.stream().map(CartItem::price).toList(),
                    discounts, app.money().scale());
            items = netItems(items, shares.netUnitPrices());
            Map<String, GivenDiscounts.Given> byCode = new LinkedHashMap<>();
            for (int i = 0; i < discounts.size(); i++) {
                if (named.get(i) != null) { // one offer the till split over several discounts is one discount
                    GivenDiscounts.Given part = new GivenDiscounts.Given(discounts.get(i).displayName(), shares.spread().get(i),
                            shares.perDiscount().get(i));
                    byCode.merge(named.get(i), part,
                            (a, b) -> new GivenDiscounts.Given(a.name(), a.amount().add(b.amount()), perUnit(a.shares(), b.shares())));
                }
            }
            given = new GivenDiscounts(byCode);
            warnings = shares.warnings();
        }
        SessionOutcome o = engine.update(app, sessionId, new SessionUpdate(profileId, sale.storeId(), state, items,
                couponCodes(mapping.couponCodesOf(payload), discounts, named), mapping.attributesOf(payload), given,
                mapping.loyaltyCardsOf(payload)), false, sale.at());
        return new Fulfilment(List.of(state == SessionState.OPEN ? SessionOperation.UPDATE_OPEN : SessionOperation.UPDATE_CLOSED),
                List.of(new Fulfilment.Step(eventType, o.session().state(), o.effects())), o.tillDiscounts(), warnings);
    }

    /** Two sets of shares as one, a unit's added up: one share per unit, however many discounts name one offer. */
    private static List<UnitShare> perUnit(List<UnitShare> a, List<UnitShare> b) {
        Map<List<Integer>, BigDecimal> units = new java.util.TreeMap<>(java.util.Comparator.<List<Integer>>comparingInt(k -> k.get(0))
                .thenComparingInt(k -> k.get(1)));
        java.util.stream.Stream.concat(a.stream(), b.stream())
                .forEach(share -> units.merge(List.of(share.position(), share.subPosition()), share.amount(), BigDecimal::add));
        List<UnitShare> merged = new ArrayList<>();
        units.forEach((unit, amount) -> merged.add(new UnitShare(unit.get(0), unit.get(1), amount, false)));
        return merged;
    }

    /** The cart at what each unit cost after the till's discounts: a line's units a cent apart keep their own prices. */
    private static List<CartItem> netItems(List<CartItem> items, List<List<BigDecimal>> net) {
        List<CartItem> netted = new ArrayList<>(items.size());
        for (int p = 0; p < items.size(); p++) {
            CartItem item = items.get(p);
            List<BigDecimal> units = net.get(p);
            boolean even = units.stream().allMatch(u -> u.compareTo(units.get(0)) == 0);
            netted.add(new CartItem(item.name(), item.sku(), item.quantity(), item.returnedQuantity(), units.get(0),
                    item.category(), item.attributes(), even ? null : units));
        }
        return netted;
    }

    /**
     * Whether a POS discount names an offer: a reference of the type lock and redeem answer (UserOfferId), a code
     * (TTLCode), or a reference of no type; a till's own discount (another type, or no reference) names none.
     */
    private static boolean namesOffer(PosDiscount discount) {
        String type = discount.referenceIdType();
        return discount.referenceId() != null && (type == null || USER_OFFER_ID.equals(type) || "TTLCode".equals(type));
    }
}
