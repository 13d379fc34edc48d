package io.tillgate.translate;

import java.util.List;

/**
 * What an incoming transaction means for its customer session, compared with the stored original.
 * The translator decides; the worker carries it out.
 */
public sealed interface Plan {

    Operation operation();

    /** Whether the incoming transaction replaces the stored original. */
    default boolean replacesOriginal() {
        return true;
    }

    /** A first-seen open check: the session is created open with this cart. */
    record Open(List<CartLine> cart) implements Plan {
        public Operation operation() {
            return Operation.OPEN;
        }
    }

    /** A known open check that is still open: the session's cart is replaced. */
    record Update(List<CartLine> cart) implements Plan {
        public Operation operation() {
            return Operation.UPDATE;
        }
    }

    /** A finished check: the session is closed (created closed when first seen) with this cart. */
    record Close(List<CartLine> cart) implements Plan {
        public Operation operation() {
            return Operation.CLOSE;
        }
    }

    /** A void. {@code neverClosed} when the void arrived before any original of its transaction. */
    record Cancel(boolean neverClosed) implements Plan {
        public Operation operation() {
            return Operation.CANCEL;
        }
    }

    /** A partial refund: these units go back. */
    record Return(List<ReturnedUnits> items) implements Plan {
        public Operation operation() {
            return Operation.RETURN;
        }
    }

    /** A closed sale that grew or changed price: reopen the session, replace the cart, close again. */
    record ReopenAndClose(List<CartLine> cart) implements Plan {
        public Operation operation() {
            return Operation.REOPEN_AND_CLOSE;
        }
    }

    /** A newer version of a closed sale whose cart did not change (a new payment split, say). */
    record NoChange() implements Plan {
        public Operation operation() {
            return Operation.NO_CHANGE;
        }
    }

    /** The same request content again: nothing to do. */
    record Duplicate() implements Plan {
        public Operation operation() {
            return Operation.DUPLICATE;
        }

        public boolean replacesOriginal() {
            return false;
        }
    }

    /** Older than the stored original: ignored. */
    record Stale() implements Plan {
        public Operation operation() {
            return Operation.STALE;
        }

        public boolean replacesOriginal() {
            return false;
        }
    }

    /** Refused, with a reason such as {@code conflicting_resend} or {@code already_cancelled}. */
    record Rejected(String reason, String detail) implements Plan {
        public Operation operation() {
            return Operation.REJECTED;
        }

        public boolean replacesOriginal() {
            return false;
        }
    }
}
