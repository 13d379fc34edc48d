package io.tillgate.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tillgate.engine.campaign.BudgetEntity;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.BudgetScope;
import io.tillgate.engine.session.AdditionalCost;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.CustomerSession;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.ReturnedItem;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.campaign.Budget;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Props;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.evaluate.Evaluator;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.LoyaltyPrograms;
import io.tillgate.engine.store.BudgetStore;
import io.tillgate.engine.store.CouponHoldStore;
import io.tillgate.engine.store.CouponStore;
import io.tillgate.engine.store.LoyaltyCardStore;
import io.tillgate.engine.store.LoyaltyStore;
import io.tillgate.engine.store.ProfileStore;
import io.tillgate.engine.store.ReferralStore;
import io.tillgate.engine.session.ReferralView;
import io.tillgate.engine.store.SessionStore;
import io.tillgate.engine.json.Json;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Customer sessions: update (open, close, cancel), return, reopen. Each operation runs in one database
 * transaction that locks the session row first, then coupons, budget counters and point accounts in key
 * order; evaluation itself is the pure {@link Evaluator}.
 */
@Service
public class SessionEngine {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A session's total is under 10^15, as its cart's is (what the money columns hold). */
    private static final int MAX_TOTAL_DIGITS = 15;
    private final SessionStore sessions;
    private final CouponStore coupons;
    private final ReferralStore referrals;
    private final io.tillgate.engine.store.AdditionalCostStore costs;
    private final CouponHoldStore holds;
    private final HeldRedemptions held;
    private final BudgetStore budgets;
    private final LoyaltyStore loyalty;
    private final ProfileStore profiles;
    private final CampaignCatalog catalog;
    private final LoyaltyPrograms programs;
    private final Tiering tiering;
    private final LoyaltyCardStore cardStore;
    private final Achievements achievements;
    private final Audiences audiences;
    private final Giveaways giveaways;
    private final TransactionTemplate transactions;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    SessionEngine(SessionStore sessions, CouponStore coupons, CouponHoldStore holds, HeldRedemptions held,
                  BudgetStore budgets, LoyaltyStore loyalty, ProfileStore profiles, CampaignCatalog catalog,
                  LoyaltyPrograms programs, Tiering tiering, LoyaltyCardStore cardStore, Achievements achievements,
                  Audiences audiences, Giveaways giveaways, ReferralStore referrals, io.tillgate.engine.store.AdditionalCostStore costs,
                  TransactionTemplate transactions, Clock clock) {
        this.referrals = referrals;
        this.costs = costs;
        this.giveaways = giveaways;
        this.achievements = achievements;
        this.audiences = audiences;
        this.sessions = sessions;
        this.coupons = coupons;
        this.holds = holds;
        this.held = held;
        this.budgets = budgets;
        this.loyalty = loyalty;
        this.tiering = tiering;
        this.cardStore = cardStore;
        this.profiles = profiles;
        this.catalog = catalog;
        this.programs = programs;
        this.transactions = transactions;
        this.savepoint = new TransactionTemplate(transactions.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /**
     * What a profile update's rules did: their effects, the coupons and referral codes they created, what failed, the
     * campaigns triggered.
     */
    public record ProfileOutcome(String profileId, List<Effect> effects, List<CouponView> createdCoupons,
                                 List<ReferralView> createdReferrals, List<Evaluation.RuleFailure> failures,
                                 List<Long> triggeredCampaigns) {
    }

    /**
     * Runs the campaigns on a profile update ({@code runRuleEngine=true}), as Talon.One does: the rules see the profile
     * and an empty session, and what they grant is granted at once (points, created coupons, profile attributes,
     * budget charges), with nothing to roll back later: there is no session. In the caller's transaction, which a dry
     * run rolls back; a dry run does not record the profile's activity either.
     */
    public ProfileOutcome profileUpdated(Application app, String profileId, boolean dry) {
        Instant now = stored(clock.instant());
        String profile = dry ? profileId : profiles.touch(app.id(), profileId, now);
        JsonNode attributes = profiles.find(app.id(), profile).map(ProfileStore.Profile::attributes).orElse(null);
        SessionSnapshot snapshot = new SessionSnapshot("", profile, null, SessionState.CLOSED, List.of(), List.of(),
                Json.MAPPER.createObjectNode(), attributes);
        Evaluated evaluated = evaluate(app, snapshot, true, now, null, List.of());
        Evaluation evaluation = evaluated.evaluation();
        Created created = commit(app, null, null, evaluation.grants(), evaluated, now);
        achievements.keep(app, evaluation.grants(), now);
        if (!dry) {
            audiences.apply(evaluation.effects(), profile, now);
        }
        List<Effect> effects = new ArrayList<>(evaluation.effects());
        effects.addAll(tiering.settle(profile, pointsChanged(evaluation.grants(), true), now));
        if (AttributeUpdates.setsProfile(evaluation.effects())) {
            ObjectNode profileAttributes = (ObjectNode) profiles.lockAttributes(app.id(), profile, now).deepCopy();
            AttributeUpdates.apply(evaluation.effects(), Json.MAPPER.createObjectNode(), profileAttributes);
            profiles.setAttributes(app.id(), profile, profileAttributes);
        }
        List<Long> triggered = effects.stream().map(Effect::campaignId).filter(c -> c > 0).distinct().toList();
        return new ProfileOutcome(profile, List.copyOf(effects), created.coupons(), created.referrals(), evaluation.failures(), triggered);
    }

    /** The session's returns, oldest first (Talon.One's previousReturns). */
    public List<SessionStore.Return> returns(CustomerSession session) {
        return sessions.returns(session.id());
    }

    public Optional<CustomerSession> get(Application app, String id) {
        return sessions.find(app.id(), id, false);
    }

    public SessionOutcome update(Application app, String id, SessionUpdate update, boolean dry) {
        return update(app, id, update, dry, clock.instant());
    }

    /**
     * An update evaluated as of {@code at}: the time of the sale it stands for (a POS transaction's modified_time),
     * for campaign and coupon windows, locks, points' pending and expiry dates, and the time the session closed.
     */
    public SessionOutcome update(Application app, String id, SessionUpdate update, boolean dry, Instant at) {
        return inTransaction(dry, () -> doUpdate(app, id, update, dry, stored(at)));
    }

    public SessionOutcome returnItems(Application app, String id, List<ReturnedItem> items, boolean dry) {
        return returnItems(app, id, items, dry, clock.instant());
    }

    /** A return as of {@code at}: the return window runs from the time the session closed to it. */
    public SessionOutcome returnItems(Application app, String id, List<ReturnedItem> items, boolean dry, Instant at) {
        return inTransaction(dry, () -> doReturn(app, id, items, stored(at)));
    }

    public SessionOutcome reopen(Application app, String id) {
        return reopen(app, id, clock.instant());
    }

    public SessionOutcome reopen(Application app, String id, Instant at) {
        return inTransaction(false, () -> doReopen(app, id, stored(at)));
    }

    /**
     * A time as the database keeps it, to the microsecond: what a session writes (points' start dates, a tier's
     * start) and then reads back as of the same time must compare equal, not a rounded nanosecond apart.
     */
    private static Instant stored(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /**
     * Creates the customer profile if it is new and locks it until the caller's transaction ends, in a savepoint
     * of its own: a lock that cannot be had fails this call and leaves the caller's transaction usable. A caller
     * that updates several customers' sessions in one transaction locks their profiles first, in one order, so
     * that two such transactions wait for each other instead of deadlocking; its session updates then find the
     * profile held and do not touch it again.
     */
    public void lockProfile(Application app, String profileId) {
        savepoint.executeWithoutResult(status -> profiles.touch(app.id(), profileId, clock.instant()));
        HeldProfiles.add(app.id(), profileId);
    }

    private SessionOutcome inTransaction(boolean dry, Supplier<SessionOutcome> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> {
                    SessionOutcome outcome = work.get();
                    if (dry) {
                        status.setRollbackOnly();
                    }
                    return outcome;
                });
            } catch (DuplicateKeyException raced) {
                if (attempt == 3) {
                    throw EngineException.conflict("the session was created concurrently; retry");
                }
            } catch (PessimisticLockingFailureException busy) {
                throw EngineException.busy("the session is being updated by another request; retry");
            }
        }
    }

    private SessionOutcome doUpdate(Application app, String id, SessionUpdate update, boolean dry, Instant now) {
        Optional<CustomerSession> current = sessions.find(app.id(), id, true);
        SessionState from = current.map(CustomerSession::state).orElse(null);
        SessionState to = update.state() != null ? update.state() : from == null ? SessionState.OPEN : from;
        Transitions.update(from, to);
        String named = current.map(CustomerSession::profileId).filter(p -> p != null).orElse(update.profileId());
        // a profile merged into another names the other (known once the profile is touched: a held one was resolved so)
        String profileId = named != null && !dry && !HeldProfiles.contains(app.id(), named) && !erased(named)
                ? profiles.touch(app.id(), named, now) : named;
        String storeId = update.storeId() != null ? update.storeId() : current.map(CustomerSession::storeId).orElse(null);
        List<CartItem> cart = update.cartItems() != null ? withCosts(app, update.cartItems())
                : current.map(CustomerSession::cartItems).orElse(List.of());
        List<String> codes = update.couponCodes() != null ? update.couponCodes() : current.map(CustomerSession::couponCodes).orElse(List.of());
        List<String> cards = update.loyaltyCards() != null ? update.loyaltyCards() : current.map(CustomerSession::loyaltyCards).orElse(List.of());
        List<String> identifiers = update.identifiers() != null ? update.identifiers()
                : current.map(CustomerSession::identifiers).orElse(List.of());
        String referralCode = update.referralCode() != null ? (update.referralCode().isEmpty() ? null : update.referralCode())
                : current.map(CustomerSession::referralCode).orElse(null);
        List<AdditionalCost> additionalCosts = update.additionalCosts() != null
                ? resolve(app, update.additionalCosts(), "/customerSession/additionalCosts", false)
                : current.map(CustomerSession::additionalCosts).orElse(List.of());
        BigDecimal sessionTotal = additionalCosts.stream().map(AdditionalCost::price)
                .reduce(cart.stream().map(c -> c.total().add(c.additionalCostTotal())).reduce(BigDecimal.ZERO, BigDecimal::add), BigDecimal::add);
        if (sessionTotal.precision() - sessionTotal.scale() > MAX_TOTAL_DIGITS) {
            throw EngineException.invalid(additionalCosts.isEmpty() ? "/customerSession/cartItems" : "/customerSession/additionalCosts",
                    "the cart items and additional costs add up to 10^"
                    + MAX_TOTAL_DIGITS + " or more");
        }
        var attributes = update.attributes() != null ? update.attributes()
                : current.map(CustomerSession::attributes).orElse(Json.MAPPER.createObjectNode());
        boolean firstSession = current.map(CustomerSession::firstSession)
                .orElseGet(() -> profileId == null || !sessions.hasClosedSession(app.id(), profileId));

        if (to == SessionState.CANCELLED) {
            CustomerSession session = current.orElseThrow();
            List<Effect> effects = List.of();
            List<Grant> ledger = session.ledger();
            JsonNode sessionAttributes = session.attributes();
            if (from != SessionState.OPEN) {
                Rollbacks rollbacks = rollbacks(session, now);
                rollbacks.all(session.ledger());
                tiering.settle(session.profileId(), pointsChanged(session.ledger(), false), now);
                effects = new ArrayList<>(rollbacks.effects);
                RolledBackAttributes attributesBack = rollBackAttributes(app, session, now);
                effects.addAll(attributesBack.effects());
                effects.addAll(audiences.rollBack(session.ledger(), session.profileId(), now));
                sessionAttributes = attributesBack.session();
                ledger = AttributeUpdates.marked(Rollbacks.markedRolledBack(session.ledger()));
                if (session.profileId() != null) {
                    recordSale(app, session.profileId(), -1, total(session.cartItems()).negate());
                }
            }
            effects = new ArrayList<>(effects);
            effects.addAll(endHolds(app, id, now)); // the transaction ended: what it locked or redeemed is free
            effects = List.copyOf(effects);
            CustomerSession cancelled = new CustomerSession(app.id(), id, session.id(), session.profileId(), session.storeId(), to, session.cartItems(),
                    session.couponCodes(), sessionAttributes, effects, ledger, session.firstSession(),
                    session.created(), now, session.closedAt(), session.loyaltyCards(), session.identifiers(), session.referralCode(),
                    session.additionalCosts());
            sessions.update(cancelled);
            return new SessionOutcome(cancelled, effects, List.of(), List.of(), List.of(), List.of())
                    .as(from == SessionState.OPEN ? SessionOutcome.CANCELLED : SessionOutcome.REVOKED);
        }

        boolean closing = to == SessionState.CLOSED;
        SessionSnapshot snapshot = new SessionSnapshot(id, profileId, storeId, to, cart, codes, attributes,
                profileId == null ? null : profiles.find(app.id(), profileId).map(ProfileStore.Profile::attributes).orElse(null),
                identifiers, referralCode, additionalCosts);
        if (update.evaluableCampaignIds() != null && !dry) {
            throw EngineException.invalid("/customerSession/evaluableCampaignIds", "evaluableCampaignIds works with dry=true only");
        }
        Evaluated evaluated = evaluate(app, snapshot, closing && !dry, now, null, cards, chosen(app, update.evaluableCampaignIds()));
        Evaluation evaluation = evaluated.evaluation();
        List<TillDiscounts.Compared> compared = List.of();
        if (update.given() != null) { // the till's discounts count, not the engine's
            TillDiscounts.Applied applied = TillDiscounts.apply(evaluation, update.given(), evaluated.coupons(),
                    campaign -> catalog.get(app.id(), campaign), new BudgetScope(profileId, storeId, now, app.zone(), identifiers));
            evaluation = applied.evaluation();
            compared = applied.compared();
        }
        Created created = Created.NONE;
        List<Grant> ledger = current.map(CustomerSession::ledger).orElse(List.of());
        List<Effect> effects = evaluation.effects();
        List<Grant> attributeUpdates = List.of();
        if (closing) {
            created = commit(app, id, profileId, evaluation.grants(), evaluated, now);
            ObjectNode sessionAttributes = attributes.isObject() ? ((ObjectNode) attributes).deepCopy() : Json.MAPPER.createObjectNode();
            ObjectNode profileAttributes = profileId != null && !erased(profileId) && AttributeUpdates.setsProfile(evaluation.effects())
                    ? (ObjectNode) profiles.lockAttributes(app.id(), profileId, now).deepCopy() : null;
            attributeUpdates = AttributeUpdates.apply(evaluation.effects(), sessionAttributes, profileAttributes);
            if (profileAttributes != null) {
                profiles.setAttributes(app.id(), profileId, profileAttributes);
            }
            attributes = sessionAttributes;
            List<Effect> tiers = tiering.settle(profileId, pointsChanged(evaluation.grants(), true), now);
            if (!tiers.isEmpty()) {
                effects = new ArrayList<>(effects);
                effects.addAll(tiers);
                effects = List.copyOf(effects);
            }
            ledger = new ArrayList<>(ledger);
            ledger.addAll(achievements.keep(app, evaluation.grants(), now));
            ledger.addAll(attributeUpdates);
            if (profileId != null && !erased(profileId)) {
                ledger.addAll(audiences.apply(evaluation.effects(), profileId, now));
            }
            if (profileId != null) {
                recordSale(app, profileId, 1, total(cart));
            }
        }
        CustomerSession session = new CustomerSession(app.id(), id, current.map(CustomerSession::id).orElse(0L), profileId, storeId, to,
                cart, codes, attributes, effects, List.copyOf(ledger), firstSession,
                current.map(CustomerSession::created).orElse(now), now, closing ? now : null, cards, identifiers, referralCode,
                additionalCosts);
        if (current.isPresent()) {
            sessions.update(session);
        } else {
            long internalId = sessions.insert(session);
            session = new CustomerSession(app.id(), id, internalId, profileId, storeId, to, cart, codes, attributes, effects,
                    session.ledger(), firstSession, now, now, session.closedAt(), cards, identifiers, referralCode, additionalCosts);
        }
        List<Long> triggered = effects.stream().map(Effect::campaignId).filter(c -> c > 0).distinct().toList();
        return new SessionOutcome(session, effects, created.coupons(), evaluation.failures(), triggered,
                List.copyOf(evaluated.coupons().values()), compared, created.referrals())
                .as(current.isEmpty() ? SessionOutcome.CREATED : closing ? SessionOutcome.CLOSED : SessionOutcome.UPDATED);
    }

    private SessionOutcome doReturn(Application app, String id, List<ReturnedItem> items, Instant now) {
        CustomerSession session = sessions.find(app.id(), id, true)
                .orElseThrow(() -> EngineException.notFound("customer session '" + id + "' does not exist"));
        Transitions.returnFrom(session.state());
        List<CartItem> cart = new ArrayList<>(session.cartItems());
        Map<Integer, Set<Integer>> returned = new TreeMap<>();
        List<ReturnedItem> asReturned = new ArrayList<>(); // the request, each quantity as it resolved
        for (int i = 0; i < items.size(); i++) {
            ReturnedItem r = items.get(i);
            String at = "/return/returnedCartItems/" + i;
            if (r.position() < 0 || r.position() >= cart.size()) {
                throw EngineException.invalid(at + "/position", "position " + r.position() + " is not in the cart (0 to " + (cart.size() - 1) + ")");
            }
            CartItem item = cart.get(r.position());
            int quantity = r.quantity() == null ? item.remainingQuantity() : r.quantity();
            if (quantity < 1 || quantity > item.remainingQuantity()) {
                throw EngineException.invalid(at + "/quantity", "quantity " + quantity + " is not between 1 and the "
                        + item.remainingQuantity() + " unit(s) not yet returned");
            }
            Set<Integer> units = returned.computeIfAbsent(r.position(), p -> new LinkedHashSet<>());
            for (int s = item.returnedQuantity(); s < item.returnedQuantity() + quantity; s++) {
                units.add(s);
            }
            cart.set(r.position(), item.withReturned(quantity));
            asReturned.add(new ReturnedItem(r.position(), quantity));
        }
        sessions.recordReturn(app.id(), session.id(), asReturned, now);
        Rollbacks rollbacks = rollbacks(session, now);
        List<Grant> ledger = rollbacks.units(session.ledger(), returned);
        tiering.settle(session.profileId(), pointsChanged(session.ledger(), false), now);
        List<Effect> effects = new ArrayList<>(rollbacks.effects);
        if (cart.stream().allMatch(item -> item.remainingQuantity() == 0)) { // everything went back: a full refund
            int before = rollbacks.effects.size();
            ledger = rollbacks.sessionProgress(rollbacks.wholeSale(ledger));
            effects.addAll(rollbacks.effects.subList(before, rollbacks.effects.size()));
            effects.addAll(endHolds(app, id, now));
        }
        CustomerSession next = new CustomerSession(app.id(), id, session.id(), session.profileId(), session.storeId(), SessionState.PARTIALLY_RETURNED,
                List.copyOf(cart), session.couponCodes(), session.attributes(), List.copyOf(effects), ledger, session.firstSession(),
                session.created(), now, session.closedAt(), session.loyaltyCards(), session.identifiers(), session.referralCode(),
                session.additionalCosts());
        sessions.update(next);
        return new SessionOutcome(next, List.copyOf(effects), List.of(), List.of(), List.of(), List.of())
                .as(SessionOutcome.PARTIALLY_RETURNED);
    }

    private SessionOutcome doReopen(Application app, String id, Instant now) {
        CustomerSession session = sessions.find(app.id(), id, true)
                .orElseThrow(() -> EngineException.notFound("customer session '" + id + "' does not exist"));
        Transitions.reopenFrom(session.state());
        Rollbacks rollbacks = rollbacks(session, now);
        List<Grant> kept = rollbacks.all(session.ledger());
        tiering.settle(session.profileId(), pointsChanged(session.ledger(), false), now);
        if (session.profileId() != null) {
            recordSale(app, session.profileId(), -1, total(session.cartItems()).negate());
        }
        RolledBackAttributes attributesBack = rollBackAttributes(app, session, now);
        List<Effect> effects = new ArrayList<>(rollbacks.effects);
        effects.addAll(attributesBack.effects());
        effects.addAll(audiences.rollBack(session.ledger(), session.profileId(), now));
        CustomerSession reopened = new CustomerSession(app.id(), id, session.id(), session.profileId(), session.storeId(), SessionState.OPEN,
                session.cartItems(), session.couponCodes(), attributesBack.session(), List.copyOf(effects), kept, session.firstSession(),
                session.created(), now, null, session.loyaltyCards(), session.identifiers(), session.referralCode(),
                session.additionalCosts());
        sessions.update(reopened);
        return new SessionOutcome(reopened, List.copyOf(effects), List.of(), List.of(), List.of(), List.of())
                .as(SessionOutcome.REOPENED);
    }

    record Evaluated(Evaluation evaluation, Map<String, CouponView> coupons, Map<Long, LoyaltyProgram> programs) {
    }

    /**
     * Evaluates a session as it would be, writing nothing: the till's lock and redeem, in the caller's transaction.
     * With {@code lock}, what it reads (budget counters, point accounts) is held until that transaction ends, as a
     * redemption, which charges them, needs; a lock only reads them. With {@code onlyCampaign}, that campaign alone.
     */
    Evaluated evaluateOffer(Application app, SessionSnapshot s, Instant now, boolean lock, Long onlyCampaign) {
        var profileAttributes = s.profileId() == null ? null
                : profiles.find(app.id(), s.profileId()).map(ProfileStore.Profile::attributes).orElse(null);
        return evaluate(app, new SessionSnapshot(s.integrationId(), s.profileId(), s.storeId(), s.state(), s.cartItems(), s.couponCodes(),
                s.attributes(), profileAttributes), lock, now, onlyCampaign);
    }

    /**
     * Gathers what evaluation reads (locking it when the session closes) and evaluates; with {@code onlyCampaign}, that
     * campaign alone (an offer's discount at a store where no other campaign's discount is given).
     */
    private Evaluated evaluate(Application app, SessionSnapshot s, boolean lock, Instant now, Long onlyCampaign) {
        return evaluate(app, s, lock, now, onlyCampaign, List.of());
    }

    private Evaluated evaluate(Application app, SessionSnapshot s, boolean lock, Instant now, Long onlyCampaign,
                               List<String> loyaltyCards) {
        return evaluate(app, s, lock, now, onlyCampaign, loyaltyCards, null);
    }

    /** The cart with its items' additional costs as the account's costs they are (see {@link #resolve}). */
    private List<CartItem> withCosts(Application app, List<CartItem> cart) {
        List<CartItem> resolved = new ArrayList<>(cart.size());
        for (int i = 0; i < cart.size(); i++) {
            CartItem item = cart.get(i);
            if (item.additionalCosts().isEmpty()) {
                resolved.add(item);
                continue;
            }
            Map<String, BigDecimal> prices = new TreeMap<>();
            item.additionalCosts().forEach(c -> prices.put(c.name(), c.price()));
            resolved.add(item.withAdditionalCosts(resolve(app, prices, "/customerSession/cartItems/" + i + "/additionalCosts", true)));
        }
        return resolved;
    }

    /**
     * Additional costs by name, as the account's costs they are: each must be a cost the application is subscribed to,
     * added per session, or per item for a cart item's ({@code perItem}). A 400 naming the cost ({@code where} it is) otherwise.
     */
    private List<AdditionalCost> resolve(Application app, Map<String, BigDecimal> prices, String where, boolean perItem) {
        if (prices.isEmpty()) {
            return List.of();
        }
        var known = costs.byNames(prices.keySet());
        List<AdditionalCost> resolved = new ArrayList<>();
        prices.forEach((name, price) -> {
            String at = io.tillgate.engine.json.JsonPointer.child(where, name);
            var cost = known.get(name);
            if (cost == null) {
                throw EngineException.invalid(at, "'" + name + "' is not an additional cost (the management API's /v1/additional_costs)");
            }
            if (!cost.applications().contains(app.id())) {
                throw EngineException.invalid(at, "application " + app.id() + " is not subscribed to additional cost '" + name + "'");
            }
            if (perItem ? !cost.perItem() : !cost.perSession()) {
                throw EngineException.invalid(at, "additional cost '" + name + "' is added per " + (perItem ? "session" : "item")
                        + ", not per " + (perItem ? "item" : "session"));
            }
            resolved.add(new AdditionalCost(cost.id(), name, price));
        });
        return List.copyOf(resolved);
    }

    /** The campaigns a dry run names, enabled for it; null for none named. A campaign that does not exist is a 400. */
    private List<Campaign> chosen(Application app, List<Long> ids) {
        if (ids == null) {
            return null;
        }
        List<Campaign> chosen = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            chosen.add(catalog.get(app.id(), id).map(Campaign::asEnabled).orElseThrow(() -> EngineException.invalid(
                    "/customerSession/evaluableCampaignIds", "campaign " + id + " does not exist")));
        }
        return chosen;
    }

    /** As above, the session showing these loyalty cards: a card-based program's points are its card's. */
    private Evaluated evaluate(Application app, SessionSnapshot s, boolean lock, Instant now, Long onlyCampaign,
                               List<String> loyaltyCards, List<Campaign> chosen) {
        List<String> codes = s.couponCodes() == null ? List.of() : s.couponCodes();
        Map<String, CouponView> known = withHolds(app.id(), coupons.find(app.id(), codes, lock), s.integrationId(),
                lock && s.state() == SessionState.CLOSED);
        // the referral code's row, locked by a close as a coupon's: its uses are counted under that lock
        ReferralView referral = s.referralCode() == null ? null : referrals.find(app.id(), s.referralCode(), lock).orElse(null);
        List<Campaign> candidates = chosen != null ? chosen
                : catalog.candidates(app.id(), s.cartItems(), known.values(), referral == null ? null : referral.campaignId());
        if (onlyCampaign != null) {
            candidates = candidates.stream().filter(c -> c.id() == onlyCampaign).toList();
        }

        Set<BudgetKey> keys = new HashSet<>();
        BudgetScope scope = new BudgetScope(s.profileId(), s.storeId(), now, app.zone(), s.identifiers(),
                referral == null ? null : new BudgetScope.Referral(referral.campaignId(), referral.code()));
        Set<Long> programIds = new HashSet<>();
        Set<Long> deducting = new HashSet<>(); // programs whose balance a rule may spend: only these need it read
        Consumer<EffectSpec> noteProgram = e -> {
            e.loyaltyProgram().ifPresent(programIds::add);
            if (e.spendsPoints()) {
                deducting.add(e.loyaltyProgram().orElseThrow());
            }
        };
        for (Campaign c : candidates) {
            for (Budget b : c.budgets()) {
                if (b.entity() == BudgetEntity.Coupon) { // a counter per coupon of the campaign the session holds
                    known.values().stream().filter(k -> k.campaignId() == c.id())
                            .forEach(k -> keys.addAll(b.keys(c.id(), scope, k.value())));
                } else {
                    keys.addAll(b.keys(c.id(), scope, null));
                }
            }
            c.rules().stream().flatMap(io.tillgate.engine.campaign.Rule::allEffects).forEach(noteProgram);
        }
        Map<BudgetKey, BigDecimal> counters = budgets.counters(keys, lock);
        Map<Long, LoyaltyProgram> allPrograms = programIds.isEmpty() ? Map.of() : programs.all();
        Map<Long, BigDecimal> balances = new HashMap<>();
        Map<Long, String> cards = new HashMap<>();
        for (Long programId : new java.util.TreeSet<>(programIds)) {
            LoyaltyProgram program = allPrograms.get(programId);
            String owner = s.profileId();
            if (program != null && program.cardBased()) { // the first of the session's cards that is the program's, active
                Map<String, LoyaltyCardStore.Card> active = loyaltyCards.isEmpty() ? Map.of() : cardStore.active(programId, loyaltyCards);
                owner = loyaltyCards.stream().filter(active::containsKey).findFirst().orElse(null);
                if (owner != null) {
                    cards.put(programId, owner);
                }
            }
            if (owner == null) {
                continue;
            }
            if (lock) {
                loyalty.lockAccount(programId, owner, now);
            }
            if (deducting.contains(programId)) {
                balances.put(programId, loyalty.balance(programId, owner, now).activePoints());
            }
        }
        EvaluationInput input = new EvaluationInput(s, app.money(), now, s.state() == SessionState.CLOSED, candidates, known,
                counters, allPrograms, balances, new RandomCodes(app.id()), app.zone(), tiering.tiers(s.profileId(), now), cards,
                achievements.standings(app, s.profileId(), now), audiences.view(s.profileId(), candidates),
                giveaways.view(candidates, s.integrationId().isEmpty() ? null : Giveaways.sessionKey(app, s.integrationId()), clock.instant(),
                        lock && s.state() == SessionState.CLOSED && !s.integrationId().isEmpty()), referral);
        return new Evaluated(Evaluator.evaluate(input), known, allPrograms);
    }

    /**
     * A void of a transaction never seen before: no session, but the offers the till locked or redeemed for it are
     * freed all the same. The effects are the redemptions given back.
     */
    public List<Effect> endOffers(Application app, String sessionId, Instant at) {
        return transactions.execute(status -> endHolds(app, sessionId, at));
    }

    /** Frees the session's locks and gives back the redemptions it holds that its ledger did not roll back. */
    private List<Effect> endHolds(Application app, String sessionId, Instant now) {
        List<Effect> effects = new ArrayList<>();
        for (CouponHoldStore.Hold hold : holds.ofSession(app.id(), sessionId)) {
            Optional<CouponView> coupon = coupons.byId(app.id(), hold.couponId(), true);
            if (hold.kind() == CouponHoldStore.Kind.LOCK || coupon.isEmpty()) {
                holds.release(hold.couponId(), sessionId);
            } else if (held.giveBack(app.id(), hold.couponId(), sessionId)) {
                long campaignId = coupon.get().campaignId();
                String rule = catalog.get(app.id(), campaignId).map(c -> c.rules().get(0).title()).orElse("");
                effects.add(Effect.of(new Effect.Origin(campaignId, 0, rule, hold.couponId(), null), "rollbackCoupon",
                        Props.coupon(coupon.get().value())));
            }
        }
        return effects;
    }

    /**
     * The coupons as this session sees them. Other sessions' locks count as uses of a coupon with a limit while they
     * last by the gateway's clock (a lock holds in the real world, whatever time the sale is evaluated as of). A
     * redemption the session holds already (the till's redeem) is its own; at the close it is given back first and
     * the close redeems the coupon again, checked and charged as the sale stands (its customer's limits included).
     */
    private Map<String, CouponView> withHolds(long applicationId, Map<String, CouponView> found, String sessionId, boolean closing) {
        if (found.isEmpty()) {
            return found;
        }
        Instant real = clock.instant();
        Map<String, CouponView> seen = new TreeMap<>();
        found.forEach((code, coupon) -> {
            Optional<CouponHoldStore.Hold> own = holds.find(coupon.id(), sessionId);
            boolean redeemedHere = own.filter(h -> h.kind() == CouponHoldStore.Kind.REDEMPTION).isPresent();
            CouponView view = coupon;
            if (redeemedHere && closing && held.giveBack(applicationId, coupon.id(), sessionId)) {
                view = coupon.withUsage(coupon.usageCounter() - 1);
                redeemedHere = false;
            }
            int lockedElsewhere = coupon.usageLimit() > 0 ? holds.liveLocksElsewhere(coupon.id(), sessionId, real) : 0;
            seen.put(code, view.heldAs(lockedElsewhere, redeemedHere, own.map(CouponHoldStore.Hold::amount).orElse(null)));
        });
        return seen;
    }

    /** The coupons and referral codes a close created. */
    private record Created(List<CouponView> coupons, List<ReferralView> referrals) {
        static final Created NONE = new Created(List.of(), List.of());
    }

    /**
     * Makes the grants of a closing session real: counters, redemptions, referral codes used, created coupons and referral
     * codes, points.
     */
    private Created commit(Application app, String sessionId, String profileId, List<Grant> grants, Evaluated evaluated, Instant now) {
        List<CouponView> created = new ArrayList<>();
        List<ReferralView> createdReferrals = new ArrayList<>();
        for (Grant grant : grants) {
            grant.charges().forEach(c -> budgets.add(c.key(), c.amount()));
            if (grant instanceof Grant.CouponRedemption r) {
                // a redemption is this session's hold on the coupon, which consumes its lock (one the till redeemed for
                // this sale was given back before the evaluation, and is redeemed again here as the sale stands)
                coupons.redeem(r.couponId(), 1);
                holds.redeemed(app.id(), r.couponId(), sessionId, r.charges(), evaluated.coupons().get(r.code()).answered(), now);
            } else if (grant instanceof Grant.CouponCreation c) {
                Campaign campaign = catalog.get(app.id(), c.origin().campaignId()).orElseThrow();
                if (!coupons.create(app.id(), campaign.id(), c.code(), c.usageLimit(), c.recipient(), campaign.couponExpiry(), now)) {
                    // another close created it since it was drawn: the whole update is tried again, drawing anew
                    throw new DuplicateKeyException("coupon code " + c.code() + " was taken concurrently");
                }
                created.addAll(coupons.find(app.id(), List.of(c.code()), false).values());
            } else if (grant instanceof Grant.ReferralRedemption r) {
                referrals.use(r.referralId(), sessionId, profileId, now); // under the row lock the evaluation took
            } else if (grant instanceof Grant.ReferralCreation c) {
                createdReferrals.add(referrals.create(app.id(), new ReferralView(0, c.origin().campaignId(), c.code(), c.advocate(),
                        c.friend(), null, null, c.usageLimit(), 0, Json.MAPPER.createObjectNode(), now))
                        .orElseThrow(() -> new DuplicateKeyException("referral code " + c.code() + " was taken concurrently")));
            } else if (grant instanceof Grant.Points p) {
                loyalty.add(p.programId(), p.recipient(), p.transactionUUID(), note(p.name(), sessionId, p.origin()), p.value(),
                        p.startDate(), p.expiryDate(), now);
            } else if (grant instanceof Grant.PointsDeduction d) {
                loyalty.deduct(d.programId(), d.recipient(), d.transactionUUID(), note(d.name(), sessionId, d.origin()), d.value(), now);
            }
        }
        giveaways.award(grants, sessionId == null ? null : Giveaways.sessionKey(app, sessionId), now);
        holds.releaseLocks(app.id(), sessionId); // the sale is final: the offers it locked and did not redeem are free
        return new Created(List.copyOf(created), List.copyOf(createdReferrals));
    }

    private record RolledBackAttributes(List<Effect> effects, JsonNode session) {
    }

    /** An erased customer's anonymous id: its sessions still roll back, but it has no profile to count them on. */
    private static boolean erased(String profileId) {
        return profileId.startsWith(ProfileStore.ERASED_PREFIX);
    }

    private void recordSale(Application app, String profileId, int sessions, BigDecimal sales) {
        if (profileId != null && !erased(profileId)) {
            profiles.recordSale(app.id(), profileId, sessions, sales);
        }
    }

    /** The session's and its profile's attributes as they were before its close set them (see {@link AttributeUpdates}). */
    private RolledBackAttributes rollBackAttributes(Application app, CustomerSession session, Instant now) {
        if (session.ledger().stream().noneMatch(g -> g instanceof Grant.AttributeUpdate)) {
            return new RolledBackAttributes(List.of(), session.attributes());
        }
        ObjectNode attributes = session.attributes().isObject() ? ((ObjectNode) session.attributes()).deepCopy() : Json.MAPPER.createObjectNode();
        boolean onProfile = session.profileId() != null && !erased(session.profileId())
                && session.ledger().stream().anyMatch(g -> g instanceof Grant.AttributeUpdate u && u.onProfile());
        ObjectNode profile = onProfile ? (ObjectNode) profiles.lockAttributes(app.id(), session.profileId(), now).deepCopy() : null;
        List<Effect> effects = AttributeUpdates.rollBack(session.ledger(), attributes, profile);
        if (profile != null) {
            profiles.setAttributes(app.id(), session.profileId(), profile);
        }
        return new RolledBackAttributes(effects, attributes);
    }

    /**
     * The programs whose points these grants change; {@code announce}: with the origin of the first rule that added
     * points in each, whose tier change, if up, is announced (a rollback's never is).
     */
    private static Map<Long, Effect.Origin> pointsChanged(List<Grant> grants, boolean announce) {
        Map<Long, Effect.Origin> changed = new HashMap<>();
        for (Grant grant : grants) {
            if (grant instanceof Grant.Points p) {
                if (!changed.containsKey(p.programId()) || changed.get(p.programId()) == null) {
                    changed.put(p.programId(), announce ? p.origin() : null);
                }
            } else if (grant instanceof Grant.PointsDeduction d) {
                changed.putIfAbsent(d.programId(), null);
            }
        }
        return changed;
    }

    private static LoyaltyStore.Note note(String name, String sessionId, Effect.Origin origin) {
        return new LoyaltyStore.Note(name, sessionId, origin.campaignId() < 0 ? null : origin.campaignId(), origin.ruleName());
    }

    private Rollbacks rollbacks(CustomerSession session, Instant now) {
        boolean hasPoints = session.ledger().stream().anyMatch(g -> g instanceof Grant.Points || g instanceof Grant.PointsDeduction);
        return new Rollbacks(budgets, coupons, referrals, loyalty, held, achievements, session.applicationId(), session.integrationId(), session.profileId(),
                hasPoints ? programs.all() : Map.of(), session.closedAt(), now);
    }

    private static BigDecimal total(List<CartItem> cart) {
        return cart.stream().map(CartItem::total).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static String draw(String pattern) {
        StringBuilder code = new StringBuilder(pattern.length());
        for (char c : pattern.toCharArray()) {
            code.append(c == '#' ? (char) ('0' + RANDOM.nextInt(10)) : c);
        }
        return code.toString();
    }

    /** Random digits for coupon and referral code patterns, drawn again while the code exists. */
    private final class RandomCodes implements EvaluationInput.Codes {
        private final long applicationId;
        private final Set<String> drawn = new HashSet<>();

        RandomCodes(long applicationId) {
            this.applicationId = applicationId;
        }

        @Override
        public String coupon(String pattern) {
            return fresh(pattern, code -> coupons.exists(applicationId, code), "coupon");
        }

        @Override
        public String referral(String pattern) {
            return fresh(pattern, code -> referrals.exists(applicationId, code), "referral");
        }

        /** A code neither stored nor drawn before in this evaluation (one close may create many of a pattern). */
        private String fresh(String pattern, java.util.function.Predicate<String> taken, String kind) {
            for (int attempt = 0; attempt < 20; attempt++) {
                String code = draw(pattern);
                if (!drawn.contains(kind + ":" + code) && !taken.test(code)) {
                    drawn.add(kind + ":" + code);
                    return code;
                }
            }
            throw new IllegalStateException("pattern " + pattern + " has no free " + kind + " codes left");
        }

        @Override
        public String transactionId() {
            return UUID.randomUUID().toString();
        }
    }
}
