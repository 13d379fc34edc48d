package io.tillgate.pos;

import java.math.BigDecimal;

public record PosPayment(String paymentId, BigDecimal amount, String type, String userId, String userIdType) {
}
