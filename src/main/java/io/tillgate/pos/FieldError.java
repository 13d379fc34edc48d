package io.tillgate.pos;

/** One problem with a request: a machine code, the JSON path of the field, and words for a person. */
public record FieldError(String code, String field, String message) {
}
