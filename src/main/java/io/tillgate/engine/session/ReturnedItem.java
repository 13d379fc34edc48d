package io.tillgate.engine.session;

/** A return request entry: units of the cart item at {@code position}; {@code quantity} null means all that remain. */
public record ReturnedItem(int position, Integer quantity) {
}
