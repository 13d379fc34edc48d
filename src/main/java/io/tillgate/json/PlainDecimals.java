package io.tillgate.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A bounded amount the till sent, as tillgate shows it: plain decimals with at least two places and no trailing
 * zeros beyond them, whatever notation the till used ({@code 1E+2} is 100.00, {@code 2.2300} is 2.23,
 * {@code 1E-10} is 0.0000000001). Only for values the door bounded (under 10^15, at most 10 decimals): a plain
 * form of an unbounded exponent would be a billion digits.
 */
public final class PlainDecimals extends StdSerializer<BigDecimal> {

    public PlainDecimals() {
        super(BigDecimal.class);
    }

    /** The value with no trailing zeros beyond two decimal places. */
    public static BigDecimal normalized(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 2 ? stripped.setScale(2, RoundingMode.UNNECESSARY) : stripped;
    }

    @Override
    public void serialize(BigDecimal value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeNumber(value.toPlainString());
    }
}
