package io.tillgate.engine.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * The money rules of one application: its currency's scale and a rounding mode ({@code HALF_EVEN} by
 * default). CEL computes in doubles; {@link #of(double)} is the one place a double becomes an amount.
 */
public record Money(String currency, int scale, RoundingMode rounding) {

    public static Money of(String currency, RoundingMode rounding) {
        return new Money(currency, Currency.getInstance(currency).getDefaultFractionDigits(), rounding);
    }

    /** A CEL result, converted at once through its shortest decimal form (so 0.1 * 3 stays 0.30). */
    public BigDecimal of(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new ArithmeticException("not a finite amount: " + value);
        }
        return BigDecimal.valueOf(value).setScale(scale, rounding);
    }

    public BigDecimal of(BigDecimal value) {
        return value.setScale(scale, rounding);
    }

    public BigDecimal zero() {
        return BigDecimal.ZERO.setScale(scale);
    }
}
