package io.tillgate.engine.session;

import java.math.BigDecimal;

/** An additional cost of a session (Talon.One's: shipping, a service fee): the account's cost {@code id} and {@code name}, its price. */
public record AdditionalCost(long id, String name, BigDecimal price) {
}
