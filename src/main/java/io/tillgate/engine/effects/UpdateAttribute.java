package io.tillgate.engine.effects;

import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code updateAttribute}: a new value for a session or profile attribute, at {@code path}
 * ({@code Session.Attributes.name} or {@code Profile.Attributes.name}), computed by the CEL {@code value}. The
 * integration that receives it may update the attribute in its own system; when the session closes the engine sets it
 * too, and a cancel or reopen puts back what it replaced ({@code lifecycle.AttributeUpdates}). A value must be a
 * bool, number, string, timestamp or a list of those.
 */
public final class UpdateAttribute implements EffectType {
    /** An attribute's value, as JSON, at most: a rule may not grow a profile without bound, a close at a time. */
    public static final int MAX_VALUE_LENGTH = 4096;
    private static final Pattern PATH = Pattern.compile("(Session|Profile)\\.Attributes\\.[A-Za-z_][A-Za-z0-9_]{0,99}");

    @Override
    public String name() {
        return "updateAttribute";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        String path = fields.required("path");
        if (path != null && !PATH.matcher(path).matches()) {
            fields.problem("path", "invalid path", "path is Session.Attributes.<name> or Profile.Attributes.<name>"
                    + " (a name of letters, digits and '_', at most 100 characters)");
        }
        return new Spec(path, fields.sessionExpression(fields.text("value"), SimpleType.DYN, "value"));
    }

    record Spec(String path, Expression value) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            Object result = attributeValue(rule.value(value));
            if (io.tillgate.engine.json.Json.write(result).length() > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("the attribute's value is longer than " + MAX_VALUE_LENGTH + " characters as JSON");
            }
            rule.emit("updateAttribute", new Props(path, result));
            return null;
        }
    }

    /** CEL's result as JSON writes it: numbers to the 15 digits a double holds, timestamps in ISO-8601. */
    static Object attributeValue(Object result) {
        if (result instanceof Boolean || result instanceof String) {
            return result;
        }
        if (result instanceof Long || result instanceof Integer) {
            return BigDecimal.valueOf(((Number) result).longValue());
        }
        if (result instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new ArithmeticException("the attribute's value " + d + " is not a number");
            }
            // CEL computes in doubles: 15 significant digits are what a double holds exactly, so 120.30 * 0.1 is 12.03
            BigDecimal number = new BigDecimal(d, new java.math.MathContext(15, java.math.RoundingMode.HALF_EVEN)).stripTrailingZeros();
            return number.scale() < 0 ? number.setScale(0) : number; // 100, not 1E+2
        }
        if (result instanceof Instant instant) {
            return instant.toString();
        }
        if (result instanceof com.google.protobuf.Timestamp t) {
            return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
        }
        if (result instanceof List<?> list) {
            List<Object> values = new ArrayList<>(list.size());
            for (Object element : list) {
                if (element instanceof List<?>) {
                    throw new IllegalArgumentException("an attribute holds a list of values, not a list of lists");
                }
                values.add(attributeValue(element));
            }
            return values;
        }
        String kind = result == null ? "null" : result instanceof java.util.Map<?, ?> ? "a map"
                : result instanceof com.google.protobuf.ByteString ? "bytes" : result.getClass().getSimpleName();
        throw new IllegalArgumentException("an attribute holds a bool, number, string, timestamp or a list of those, not " + kind);
    }

    public record Props(String path, Object value) implements io.tillgate.engine.session.Props {
    }
}
