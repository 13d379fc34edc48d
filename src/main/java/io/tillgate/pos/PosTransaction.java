package io.tillgate.pos;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A SessionM-style transaction as the POS sent it (amounts exact, times parsed). */
public record PosTransaction(String transactionId, boolean closed, boolean voided, BigDecimal subtotal,
                             BigDecimal taxTotal, Instant openTime, Instant modifiedTime, String channel,
                             List<PosItem> items, List<PosPayment> payments, List<PosDiscount> discounts) {

    /** The same transaction with another modified_time: the gateway's, for one whose till's clock is not believed. */
    public PosTransaction modifiedAt(Instant time) {
        return new PosTransaction(transactionId, closed, voided, subtotal, taxTotal, openTime, time, channel, items,
                payments, discounts);
    }
}
