package io.tillgate.engine.lifecycle;

import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.lifecycle.OfferResult.Refusal;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.Props;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.session.UnitShare;
import io.tillgate.engine.store.BudgetStore;
import io.tillgate.engine.store.CouponHoldStore;
import io.tillgate.engine.store.CouponStore;
import io.tillgate.engine.store.SessionStore;
import io.tillgate.engine.session.CustomerSession;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Offers at the till (SessionM's lock, redeem, unlock, reinstate): a coupon checked against a check that is not yet
 * paid, then bound to its session for a while (lock) or redeemed at once (redeem). Each call locks the coupon's row
 * first, so that calls on one coupon, and the closes that use it, happen one after another: of twenty tills locking
 * one single-use code at once, one gets it. Each runs in the caller's transaction when there is one (the gateway's,
 * which records the answer with it).
 */
@Service
public class Offers {
    /** How a till names the offer: by code, or by the id of the coupon (its user offer id). */
    public sealed interface Lookup {
        record ByCode(String code) implements Lookup {
        }

        record ById(long id) implements Lookup {
        }
    }

    private final SessionEngine engine;
    private final SessionStore sessions;
    private final CouponStore coupons;
    private final CouponHoldStore holds;
    private final HeldRedemptions held;
    private final BudgetStore budgets;
    private final CampaignCatalog catalog;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Offers(SessionEngine engine, SessionStore sessions, CouponStore coupons, CouponHoldStore holds, HeldRedemptions held,
           BudgetStore budgets, CampaignCatalog catalog, TransactionTemplate transactions, Clock clock) {
        this.engine = engine;
        this.sessions = sessions;
        this.coupons = coupons;
        this.holds = holds;
        this.held = held;
        this.budgets = budgets;
        this.catalog = catalog;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Checks the offer against the check {@code session} describes (its id, customer, store, cart, attributes and the
     * coupons it carries already) as of {@code at}, the sale's time (campaign windows, coupon expiry, the budget
     * period a redemption is charged to, as its close will be), then locks it for {@code lockFor} by the gateway's
     * clock or, with {@code redeem}, redeems it. With
     * {@code alone}, the offer's campaign is evaluated alone: at a store whose till's discounts count, no other
     * campaign's discount is given, and none may take from what the offer's discount has to work on.
     */
    public OfferResult check(Application app, Lookup lookup, SessionSnapshot session, Instant at, boolean redeem,
                             Duration lockFor, boolean alone) {
        return inTransaction(() -> {
            Instant now = clock.instant();
            Optional<CouponView> found = find(app, lookup, session.integrationId());
            if (found.isEmpty()) {
                return new OfferResult.Refused(Refusal.NOT_FOUND, notFound(lookup));
            }
            CouponView coupon = found.get();
            List<String> codes = new ArrayList<>();
            codes.add(coupon.value()); // first: of two coupons of one campaign, the first is the one used
            session.couponCodes().stream().filter(c -> !c.equals(coupon.value())).forEach(codes::add);
            SessionSnapshot check = new SessionSnapshot(session.integrationId(), session.profileId(), session.storeId(), SessionState.OPEN,
                    session.cartItems(), List.copyOf(codes), session.attributes(), session.profileAttributes());
            SessionEngine.Evaluated evaluated = engine.evaluateOffer(app, check, at, redeem, alone ? coupon.campaignId() : null);
            if (evaluated.coupons().get(coupon.value()).redeemedHere()) {
                return new OfferResult.Refused(Refusal.INVALID, "CouponLimitReached: offer " + coupon.id()
                        + " is redeemed for this transaction already; reinstate it to use it again");
            }
            Optional<String> rejection = rejection(evaluated.evaluation().effects(), coupon.value());
            boolean accepted = evaluated.evaluation().effects().stream().anyMatch(e -> e.effectType().equals("acceptCoupon")
                    && e.props() instanceof Props.Coupon c && c.value().equals(coupon.value()));
            if (rejection.isEmpty() && !accepted) { // no rule of its campaign ran for this check
                rejection = Optional.of("CouponRejectedByCondition");
            }
            if (rejection.isPresent()) {
                return "CouponLocked".equals(rejection.get())
                        ? new OfferResult.Refused(Refusal.LOCKED, "offer " + coupon.id() + " is locked for another transaction")
                        : new OfferResult.Refused(Refusal.INVALID, rejection.get());
            }
            OfferResult.Granted granted = granted(app, coupon, evaluated.evaluation().grants(), session);
            if (redeem) {
                Grant.CouponRedemption redemption = evaluated.evaluation().grants().stream()
                        .filter(g -> g instanceof Grant.CouponRedemption r && r.couponId() == coupon.id())
                        .map(Grant.CouponRedemption.class::cast).findFirst().orElseThrow();
                redemption.charges().forEach(c -> budgets.add(c.key(), c.amount()));
                coupons.redeem(coupon.id(), 1);
                holds.redeemed(app.id(), coupon.id(), session.integrationId(), redemption.charges(), granted.amount(), now);
            } else {
                holds.lock(app.id(), coupon.id(), session.integrationId(), now.plus(lockFor), granted.amount(), now);
            }
            return granted;
        });
    }

    /**
     * Releases the locks of the offer held by sessions whose id starts with {@code scope} (a store's), or only that of
     * {@code sessionId} when it is given.
     */
    public OfferResult unlock(Application app, long couponId, String scope, String sessionId) {
        return inTransaction(() -> {
            Instant now = clock.instant();
            Optional<CouponView> coupon = coupons.byId(app.id(), couponId, true);
            if (coupon.isEmpty()) {
                return new OfferResult.Refused(Refusal.NOT_FOUND, notFound(new Lookup.ById(couponId)));
            }
            List<CouponHoldStore.Hold> locks = holds.liveLocks(couponId, scope, now).stream()
                    .filter(h -> sessionId == null || h.sessionId().equals(sessionId)).toList();
            if (locks.isEmpty()) {
                return new OfferResult.Refused(Refusal.NOT_LOCKED, "offer " + couponId + " is not locked");
            }
            locks.forEach(h -> holds.release(couponId, h.sessionId()));
            return new OfferResult.Released();
        });
    }

    /**
     * Gives back the latest redemption of the offer held by a session whose id starts with {@code scope} (or that of
     * {@code sessionId} when it is given, which the caller keeps within the scope): its use and
     * the redeemCoupon budget it took. A void or reopen of that session later finds nothing to give back.
     */
    public OfferResult reinstate(Application app, long couponId, String scope, String sessionId) {
        return inTransaction(() -> {
            Optional<CouponView> coupon = coupons.byId(app.id(), couponId, true);
            if (coupon.isEmpty()) {
                return new OfferResult.Refused(Refusal.NOT_FOUND, notFound(new Lookup.ById(couponId)));
            }
            Optional<CouponHoldStore.Hold> latest = sessionId == null ? holds.latestRedemption(couponId, scope)
                    : holds.find(couponId, sessionId).filter(h -> h.kind() == CouponHoldStore.Kind.REDEMPTION);
            if (latest.isEmpty()) {
                return new OfferResult.Refused(Refusal.NOT_REDEEMED, "offer " + couponId + " is not redeemed");
            }
            SessionState sale = sessions.find(app.id(), latest.get().sessionId(), false).map(CustomerSession::state).orElse(null);
            if (sale == SessionState.CLOSED || sale == SessionState.PARTIALLY_RETURNED) {
                // the customer has the discount: a void or refund of the sale gives the offer back, not the till
                return new OfferResult.Refused(Refusal.NOT_REDEEMED, "offer " + couponId + " was redeemed by a finished sale ("
                        + latest.get().sessionId() + "); a void or full refund of it gives the offer back");
            }
            held.giveBack(app.id(), couponId, latest.get().sessionId());
            return new OfferResult.Released();
        });
    }

    /**
     * The code of the offer a POS discount of this session names by its user offer id, for the session's coupon codes:
     * an offer issued to the sale's customer, one this session holds (the till locked or redeemed it), or one its
     * session carried before (a closed sale re-sent with a line added). Any other coupon's id names nothing, so that
     * ids counted up from 1 reach no code the till was never given.
     */
    public Optional<String> code(Application app, long couponId, String sessionId, String profileId) {
        return coupons.byId(app.id(), couponId, false)
                .filter(c -> (c.recipient() != null && c.recipient().equals(profileId)) || heldBy(c, sessionId)
                        || sessions.find(app.id(), sessionId, false).map(s -> s.couponCodes().contains(c.value())).orElse(false))
                .map(CouponView::value);
    }

    /** The code of the coupon of this id, whoever holds it: to name in a warning what a POS discount referred to. */
    public Optional<String> anyCode(Application app, long couponId) {
        return coupons.byId(app.id(), couponId, false).map(CouponView::value);
    }

    private boolean heldBy(CouponView coupon, String sessionId) {
        return holds.find(coupon.id(), sessionId).isPresent();
    }

    private OfferResult inTransaction(Supplier<OfferResult> work) {
        try {
            return transactions.execute(status -> work.get());
        } catch (PessimisticLockingFailureException busy) {
            throw EngineException.busy("the offer is being used by another request; retry");
        }
    }

    /** The offer by its code, or by its id when it is an offer issued to a customer or held by the session. */
    private Optional<CouponView> find(Application app, Lookup lookup, String sessionId) {
        if (lookup instanceof Lookup.ByCode byCode) {
            return Optional.ofNullable(coupons.find(app.id(), List.of(byCode.code()), true).get(byCode.code()));
        }
        // by id: an offer issued to a customer (another customer's is refused with its reason), or one the transaction holds
        return coupons.byId(app.id(), ((Lookup.ById) lookup).id(), true).filter(c -> c.recipient() != null || heldBy(c, sessionId));
    }

    private static String notFound(Lookup lookup) {
        return lookup instanceof Lookup.ByCode byCode ? "no offer has the code '" + byCode.code() + "'"
                : "no offer has the id " + ((Lookup.ById) lookup).id();
    }

    private static Optional<String> rejection(List<Effect> effects, String code) {
        return effects.stream().filter(e -> e.props() instanceof Props.RejectCoupon r && r.value().equals(code))
                .map(e -> ((Props.RejectCoupon) e.props()).rejectionReason()).findFirst();
    }

    /** The discount the offer's campaign gives this check, and the lines and units it reaches. */
    private OfferResult.Granted granted(Application app, CouponView coupon, List<Grant> grants, SessionSnapshot session) {
        BigDecimal amount = BigDecimal.ZERO;
        Map<Integer, Integer> units = new TreeMap<>();
        boolean wholeCheck = false;
        for (Grant grant : grants) {
            if (grant instanceof Grant.Discount d && d.origin().campaignId() == coupon.campaignId()) {
                amount = amount.add(d.value());
                wholeCheck |= d.sessionLevel();
                for (UnitShare share : d.shares()) {
                    if (share.amount().signum() > 0) {
                        units.merge(share.position(), 1, Integer::sum);
                    }
                }
            }
        }
        List<OfferResult.Line> lines = new ArrayList<>();
        if (wholeCheck) {
            for (int position = 0; position < session.cartItems().size(); position++) {
                lines.add(new OfferResult.Line(position, session.cartItems().get(position).quantity()));
            }
        } else {
            units.forEach((position, count) -> lines.add(new OfferResult.Line(position, count)));
        }
        String name = catalog.get(app.id(), coupon.campaignId()).map(Campaign::name).orElse(coupon.value());
        return new OfferResult.Granted(coupon, name, app.money().of(amount), List.copyOf(lines));
    }
}
