package io.tillgate.translate;

import io.tillgate.engine.session.SessionState;
import io.tillgate.pos.PosTransaction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what an incoming transaction means, given the stored session of the same transaction.
 * Pure: no I/O, no clock; the same inputs always give the same translation.
 */
public final class Translator {
    private Translator() {
    }

    public static Translation translate(Optional<StoredSession> stored, PosTransaction incoming, String fingerprint,
                                        Catalog catalog) {
        return translate(stored, incoming, fingerprint, catalog, false);
    }

    /**
     * With {@code discountsChanged}: the till's discounts count at this store and differ from the stored original's,
     * so a closed sale whose lines did not change is closed again on what the customer now paid.
     */
    public static Translation translate(Optional<StoredSession> stored, PosTransaction incoming, String fingerprint,
                                        Catalog catalog, boolean discountsChanged) {
        if (stored.isEmpty()) {
            return firstSight(incoming, fingerprint, catalog);
        }
        StoredSession session = stored.get();
        int age = incoming.modifiedTime().compareTo(session.modifiedTime());
        if (age == 0) {
            return session.fingerprint().equals(fingerprint)
                    ? unchanged(new Plan.Duplicate(), session)
                    : unchanged(new Plan.Rejected("conflicting_resend", "same modified_time as the stored original, different content"), session);
        }
        if (age < 0) {
            return unchanged(new Plan.Stale(), session);
        }
        if (session.state() == SessionState.CANCELLED) {
            return unchanged(new Plan.Rejected("already_cancelled", "the transaction was voided before"), session);
        }
        if (incoming.voided()) {
            return new Translation(new Plan.Cancel(false), next(SessionState.CANCELLED, incoming, fingerprint, session.cart()));
        }
        List<CartLine> cart = CartBuilder.cart(incoming, catalog);
        if (session.state() == SessionState.OPEN) {
            return incoming.closed()
                    ? new Translation(new Plan.Close(cart), next(SessionState.CLOSED, incoming, fingerprint, cart))
                    : new Translation(new Plan.Update(cart), next(SessionState.OPEN, incoming, fingerprint, cart));
        }
        if (!incoming.closed()) {
            return unchanged(new Plan.Rejected("closed_check_reopened",
                    "the transaction was closed before and arrives with is_closed false"), session);
        }
        return diffClosed(session, incoming, fingerprint, cart, discountsChanged);
    }

    private static Translation firstSight(PosTransaction incoming, String fingerprint, Catalog catalog) {
        List<CartLine> cart = CartBuilder.cart(incoming, catalog);
        if (incoming.voided()) {
            return new Translation(new Plan.Cancel(true), next(SessionState.CANCELLED, incoming, fingerprint, cart));
        }
        return incoming.closed()
                ? new Translation(new Plan.Close(cart), next(SessionState.CLOSED, incoming, fingerprint, cart))
                : new Translation(new Plan.Open(cart), next(SessionState.OPEN, incoming, fingerprint, cart));
    }

    /** A closed or partly returned sale seen again: what went back, or whether it grew or changed. */
    private static Translation diffClosed(StoredSession session, PosTransaction incoming, String fingerprint,
                                          List<CartLine> cart, boolean discountsChanged) {
        Map<String, CartLine> incomingByLine = new HashMap<>();
        cart.forEach(item -> incomingByLine.put(item.lineId(), item));
        Set<String> goneParents = new HashSet<>();
        for (CartLine held : session.cart()) {
            CartLine now = incomingByLine.get(held.lineId());
            if (held.parentLineId() == null && held.remainingQuantity() > 0 && now == null) {
                goneParents.add(held.lineId());
            }
        }
        boolean grew = false;
        List<ReturnedUnits> returns = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (CartLine held : session.cart()) {
            known.add(held.lineId());
            CartLine now = incomingByLine.get(held.lineId());
            int kept;
            if (held.parentLineId() != null && goneParents.contains(held.parentLineId())) {
                kept = 0; // an add-on goes back with its parent
            } else if (now == null) {
                kept = 0;
            } else if (!now.sku().equals(held.sku()) || now.price().compareTo(held.price()) != 0) {
                grew = true;
                kept = now.quantity();
            } else {
                kept = now.quantity();
            }
            if (kept > held.remainingQuantity()) {
                grew = true;
            } else if (kept < held.remainingQuantity()) {
                returns.add(new ReturnedUnits(held.position(), held.remainingQuantity() - kept));
            }
        }
        grew |= cart.stream().anyMatch(item -> !known.contains(item.lineId()));
        if (grew) {
            if (session.state() == SessionState.PARTIALLY_RETURNED) {
                return unchanged(new Plan.Rejected("cannot_reopen_partially_returned",
                        "lines were added or changed after a partial return; a partially returned session cannot be reopened"), session);
            }
            return new Translation(new Plan.ReopenAndClose(cart), next(SessionState.CLOSED, incoming, fingerprint, cart));
        }
        if (returns.isEmpty()) {
            if (discountsChanged && session.state() == SessionState.CLOSED) { // what was paid changed, not what was bought
                return new Translation(new Plan.ReopenAndClose(cart), next(SessionState.CLOSED, incoming, fingerprint, cart));
            }
            return new Translation(new Plan.NoChange(), next(session.state(), incoming, fingerprint, session.cart()));
        }
        List<CartLine> after = new ArrayList<>(session.cart());
        returns.forEach(r -> after.set(r.position(), after.get(r.position()).withReturned(r.quantity())));
        return new Translation(new Plan.Return(List.copyOf(returns)),
                next(SessionState.PARTIALLY_RETURNED, incoming, fingerprint, List.copyOf(after)));
    }

    private static StoredSession next(SessionState state, PosTransaction incoming, String fingerprint, List<CartLine> cart) {
        return new StoredSession(state, incoming.modifiedTime(), fingerprint, cart);
    }

    private static Translation unchanged(Plan plan, StoredSession session) {
        return new Translation(plan, session);
    }
}
