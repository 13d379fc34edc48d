package io.tillgate.fulfil;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.pos.PosTransaction;
import io.tillgate.translate.DiscountsMode;

import java.time.Instant;

/**
 * The sale a plan is carried out for: the store it happened at (the session's store), its customer's profile (null:
 * anonymous), the till's transaction as it sent it ({@code payload}, for the session mapping) and as read, whose
 * discounts count at its store, and the time it is evaluated as of.
 */
public record Sale(String storeId, String profileId, JsonNode payload, PosTransaction transaction, DiscountsMode discounts,
                   Instant at) {
}
