package io.tillgate.pos;

import java.math.BigDecimal;
import java.util.List;

/** An offer discount the POS applied; {@code referenceId} is the user offer it redeems. */
public record PosDiscount(String referenceId, String referenceIdType, String posDiscountId, String displayName,
                          BigDecimal amount, String userId, List<String> discountedLineIds) {
}
