package io.tillgate.engine.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;

import java.math.BigDecimal;
import java.util.List;

/**
 * The fields of one effect in a campaign document, read for its {@link EffectType}: every problem is collected
 * with a pointer to its field ({@code /rules/0/effects/1/value}), so that an operator sees them all at once.
 */
public final class EffectFields {
    /** What the coupon and code columns hold. */
    public static final int MAX_CODE_LENGTH = 200;
    /** Literal discounts and points: what the money and points columns hold. */
    public static final BigDecimal MAX_VALUE = BigDecimal.TEN.pow(15);

    private final JsonNode effect;
    private final String at;
    private final java.util.Set<String> achievements;
    private final List<CampaignProblem> problems;
    /** The fields the effect's type read: any other is a mistake (a misspelt {@code item} for {@code items}). */
    private final java.util.Set<String> read = new java.util.HashSet<>(java.util.Set.of("type"));

    /** {@code achievements}: the names of the achievements the effect's campaign declares. */
    public EffectFields(JsonNode effect, String at, java.util.Set<String> achievements, List<CampaignProblem> problems) {
        this.effect = effect;
        this.at = at;
        this.achievements = achievements;
        this.problems = problems;
    }

    /** The name of an achievement the campaign declares, in {@code field}; null with a problem otherwise. */
    public String achievement(String field) {
        String name = required(field);
        if (name != null && !achievements.contains(name)) {
            problem(field, "unknown achievement", "'" + name + "' is not one of this campaign's achievements "
                    + achievements.stream().sorted().toList());
            return null;
        }
        return name;
    }

    private JsonNode node(String field) {
        read.add(field);
        return effect.get(field);
    }

    /** A problem for each field of the effect its type did not read: fields are never taken and ignored. */
    public void unknownFields(String type) {
        effect.fieldNames().forEachRemaining(field -> {
            if (!read.contains(field)) {
                problem(field, "unknown field", "'" + field + "' is not a field of " + type);
            }
        });
    }

    public void problem(String field, String title, String detail) {
        problems.add(new CampaignProblem(at + "/" + field, title, detail));
    }

    /** A field's text (a non-string value as its JSON), or null when absent. */
    public String text(String field) {
        JsonNode value = node(field);
        return value == null || value.isNull() ? null : value.isTextual() ? value.textValue() : value.toString();
    }

    public String text(String field, String absent) {
        String text = text(field);
        return text == null ? absent : text;
    }

    public String required(String field) {
        String value = text(field);
        if (value == null || value.isBlank()) {
            problem(field, "missing " + field, field + " is required");
        }
        return value;
    }

    /**
     * A required code pattern ({@code #}: a random digit) of a {@code kind} of code: at least four {@code #}, at most
     * {@link #MAX_CODE_LENGTH} characters (the codes it makes are of its length).
     */
    public String codePattern(String field, String kind) {
        String pattern = required(field);
        if (pattern != null && pattern.chars().filter(c -> c == '#').count() < 4) {
            problem(field, "pattern too short", "a " + kind + " pattern needs at least four '#'");
        } else if (pattern != null && pattern.length() > MAX_CODE_LENGTH) {
            problem(field, "pattern too long", "a " + kind + " pattern makes codes of its length; at most " + MAX_CODE_LENGTH + " characters");
        } else if (pattern != null && !printable(pattern)) {
            // a code a client cannot send back (sessions refuse control characters in codes) would be no code
            problem(field, "invalid pattern", "a " + kind + " pattern has no control or formatting characters");
        }
        return pattern;
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(++i)))) {
                return false;
            }
        }
        return true;
    }

    /** A field's JSON as written (a JSON null as a null node), or null when the field is absent. */
    public JsonNode raw(String field) {
        return node(field);
    }

    /** A money or points value: a CEL number, and a literal one within what the store holds. */
    public Expression value(String field) {
        return value(field, null);
    }

    /** As {@link #value(String)}, with the expression {@code absent} when the field is not there. */
    public Expression value(String field, String absent) {
        return value(field, absent, true);
    }

    /**
     * A value computed once for the session, not per unit: {@code item} is refused in it, as it would be whichever unit
     * came last.
     */
    public Expression sessionValue(String field, String absent) {
        return value(field, absent, false);
    }

    private Expression value(String field, String absent, boolean perUnit) {
        Expression value = CelEnvironment.compile(text(field, absent), SimpleType.DOUBLE, at + "/" + field, problems, perUnit).orElse(null);
        if (value != null && value.constant() instanceof Number n
                && (Double.isNaN(n.doubleValue()) || new BigDecimal(n.toString()).abs().compareTo(MAX_VALUE) >= 0)) {
            problem(field, "value too large", field + " must be less than 10^15 in magnitude");
            return null;
        }
        return value;
    }

    /** An optional item filter (a CEL bool over {@code item}); null when absent, meaning every unit. */
    public Expression optionalFilter(String field) {
        String items = text(field);
        return items == null ? null : expression(items, SimpleType.BOOL, field);
    }

    /** A CEL expression yielding {@code type} (DYN: any type); null when it has a problem. */
    public Expression expression(String source, CelType type, String field) {
        return CelEnvironment.compile(source, type, at + "/" + field, problems).orElse(null);
    }

    /** As {@link #expression}, computed once for the session: {@code item} is not in scope. */
    public Expression sessionExpression(String source, CelType type, String field) {
        return CelEnvironment.compile(source, type, at + "/" + field, problems, false).orElse(null);
    }

    public long programId() {
        node("programId");
        if (!effect.path("programId").canConvertToLong()) {
            problem("programId", "missing programId", "a loyalty effect names its program");
            return 0;
        }
        return effect.get("programId").asLong();
    }

    /** A required whole number above 0 (an id); 0 with a problem when it is not one. */
    public long wholeNumber(String field) {
        JsonNode value = node(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
            problem(field, "invalid " + field, field + " is required, a whole number above 0");
            return 0;
        }
        return value.longValue();
    }

    /** A whole number ≥ 0, or {@code absent} when the field is not there. */
    public int count(String field, int absent) {
        JsonNode value = node(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            problem(field, "invalid " + field, field + " is a whole number ≥ 0 (0: unlimited)");
            return absent;
        }
        return value.intValue();
    }
}
