package io.tillgate.pos;

import java.util.List;

/** What validation made of a request: the envelope when it is acceptable, and every error and warning. */
public sealed interface ValidationResult {

    record Valid(SendTransaction request, List<FieldError> warnings) implements ValidationResult {
    }

    record Invalid(List<FieldError> errors) implements ValidationResult {
    }
}
