package io.tillgate.translate;

/** Units of one cart item to return: Talon.One's {@code returnedCartItems} entry. */
public record ReturnedUnits(int position, int quantity) {
}
