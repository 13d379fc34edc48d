package io.tillgate.pos;

import java.math.BigDecimal;
import java.util.List;

/**
 * A discount the POS applied; {@code referenceId} is the user offer it redeems, if any. {@code discountedLineIdQuantities}:
 * the units of each of {@code discountedLineIds} it was given on, null for all of them.
 */
public record PosDiscount(String referenceId, String referenceIdType, String posDiscountId, String displayName,
                          BigDecimal amount, String userId, List<String> discountedLineIds,
                          List<Integer> discountedLineIdQuantities) {
}
