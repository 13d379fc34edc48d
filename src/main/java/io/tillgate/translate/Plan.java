package io.tillgate.translate;

import java.util.List;

/**
 * What an incoming transaction means for its customer session, compared with the stored original.
 * The translator decides; the worker carries it out.
 */
public sealed interface Plan {

    /** The operation's name as stored and shown: {@code CLOSE}, {@code RETURN}, ... */
    String operation();

    /** Whether the incoming transaction replaces the stored original. */
    default boolean replacesOriginal() {
        return true;
    }

    /** A first-seen open check: the session is created open with this cart. */
    record Open(List<CartItem> cart) implements Plan {
        public String operation() {
            return "OPEN";
        }
    }

    /** A known open check that is still open: the session's cart is replaced. */
    record Update(List<CartItem> cart) implements Plan {
        public String operation() {
            return "UPDATE";
        }
    }

    /** A finished check: the session is closed (created closed when first seen) with this cart. */
    record Close(List<CartItem> cart) implements Plan {
        public String operation() {
            return "CLOSE";
        }
    }

    /** A void. {@code neverClosed} when the void arrived before any original of its transaction. */
    record Cancel(boolean neverClosed) implements Plan {
        public String operation() {
            return "CANCEL";
        }
    }

    /** A partial refund: these units go back. */
    record Return(List<ReturnedUnits> items) implements Plan {
        public String operation() {
            return "RETURN";
        }
    }

    /** A closed sale that grew or changed price: reopen the session, replace the cart, close again. */
    record ReopenAndClose(List<CartItem> cart) implements Plan {
        public String operation() {
            return "REOPEN_AND_CLOSE";
        }
    }

    /** A newer version of a closed sale whose cart did not change (a new payment split, say). */
    record NoChange() implements Plan {
        public String operation() {
            return "NO_CHANGE";
        }
    }

    /** The same request content again: nothing to do. */
    record Duplicate() implements Plan {
        public String operation() {
            return "DUPLICATE";
        }

        public boolean replacesOriginal() {
            return false;
        }
    }

    /** Older than the stored original: ignored. */
    record Stale() implements Plan {
        public String operation() {
            return "STALE";
        }

        public boolean replacesOriginal() {
            return false;
        }
    }

    /** Refused, with a reason such as {@code conflicting_resend} or {@code already_cancelled}. */
    record Rejected(String reason, String detail) implements Plan {
        public String operation() {
            return "REJECTED";
        }

        public boolean replacesOriginal() {
            return false;
        }
    }
}
