package io.tillgate.customers;

import io.tillgate.pos.FieldError;

import java.util.List;
import java.util.Optional;

/** Who a transaction's customer is, as {@code mappings/session.yaml} and the linked ids say. */
public sealed interface Identity {

    /** The profile the sale counts for; empty for an anonymous sale. */
    Optional<String> profileId();

    /** The profile an id names. */
    record Known(String integrationId) implements Identity {
        @Override
        public Optional<String> profileId() {
            return Optional.of(integrationId);
        }
    }

    /** No id named a profile; why each id found did not, one warning each. */
    record Anonymous(List<FieldError> unresolved) implements Identity {
        public static final Anonymous NO_IDS = new Anonymous(List.of());

        @Override
        public Optional<String> profileId() {
            return Optional.empty();
        }
    }

    /** An id that would be the profile's is longer than a profile id may be: the request is refused. */
    record Invalid(String field, String message) implements Identity {
        @Override
        public Optional<String> profileId() {
            return Optional.empty();
        }
    }
}
