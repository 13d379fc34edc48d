package io.tillgate.pos;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A SessionM-style transaction as the POS sent it (amounts exact, times parsed). */
public record PosTransaction(String transactionId, boolean closed, boolean voided, BigDecimal subtotal,
                             BigDecimal taxTotal, Instant openTime, Instant modifiedTime, String channel,
                             List<PosItem> items, List<PosPayment> payments, List<PosDiscount> discounts) {

    /** The customer: the first payment's user, then the first discount's; empty for an anonymous sale. */
    public Optional<String> profileId() {
        return payments.stream().map(PosPayment::userId).filter(PosTransaction::present).findFirst()
                .or(() -> discounts.stream().map(PosDiscount::userId).filter(PosTransaction::present).findFirst());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
