package io.tillgate.gateway;

/** The budget and coupon races on the embedded H2 database. */
class H2ConcurrencyTest extends ConcurrencyContract {
}
