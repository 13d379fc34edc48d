package io.tillgate.engine.campaign;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.parser.CelStandardMacro;

import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment of campaign rules. The variables are declared with struct types so that a typo in
 * a field or a type error ({@code session.total * 2}: CEL does not mix double and int) is refused when
 * the campaign is stored, not when a customer checks out. At run time the values are plain maps.
 *
 * <pre>
 * session: id, state, profileId, storeIntegrationId, total, cartItemTotal (double), itemCount (int), cartItems (list of item),
 *          skus, categories, couponCodes, identifiers (list of string), attributes (map), referralCode ("" for none),
 *          additionalCosts (the session's: map of cost name to price), additionalCostTotal (the session's and its items');
 *          total is cartItemTotal and additionalCostTotal
 * item:    sku, name, category, price (double), quantity, position, subPosition (int), attributes (map),
 *          additionalCosts (map of cost name to price, each unit's)
 * profile: integrationId, attributes, tiers (map of program id to tier name, "" for none),
 *          achievements (map of name to progress, target (double) and status: inprogress, completed, expired, not_started),
 *          audiences (list of the ids of the audiences the customer is a member of)
 * coupon:  value, campaignId       now: timestamp
 * referral: code, campaignId, advocateProfileIntegrationId, friendProfileIntegrationId ("" for anyone), attributes (map);
 *          the campaign's valid referral code, code "" for none
 * </pre>
 */
public final class CelEnvironment {
    private static final MapType ATTRIBUTES = MapType.create(SimpleType.STRING, SimpleType.DYN);
    public static final StructType ITEM = struct("tillgate.Item", Map.of(
            "sku", SimpleType.STRING, "name", SimpleType.STRING, "category", SimpleType.STRING,
            "price", SimpleType.DOUBLE, "quantity", SimpleType.INT, "position", SimpleType.INT,
            "subPosition", SimpleType.INT, "attributes", ATTRIBUTES,
            "additionalCosts", MapType.create(SimpleType.STRING, SimpleType.DOUBLE)));
    public static final StructType SESSION = struct("tillgate.Session", Map.ofEntries(
            Map.entry("id", SimpleType.STRING), Map.entry("state", SimpleType.STRING),
            Map.entry("profileId", SimpleType.STRING), Map.entry("storeIntegrationId", SimpleType.STRING),
            Map.entry("total", SimpleType.DOUBLE),
            Map.entry("cartItemTotal", SimpleType.DOUBLE), Map.entry("itemCount", SimpleType.INT),
            Map.entry("cartItems", ListType.create(ITEM)), Map.entry("skus", ListType.create(SimpleType.STRING)),
            Map.entry("categories", ListType.create(SimpleType.STRING)),
            Map.entry("couponCodes", ListType.create(SimpleType.STRING)), Map.entry("attributes", ATTRIBUTES),
            Map.entry("identifiers", ListType.create(SimpleType.STRING)), Map.entry("referralCode", SimpleType.STRING),
            Map.entry("additionalCostTotal", SimpleType.DOUBLE),
            Map.entry("additionalCosts", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))));
    public static final StructType ACHIEVEMENT = struct("tillgate.Achievement", Map.of(
            "progress", SimpleType.DOUBLE, "target", SimpleType.DOUBLE, "status", SimpleType.STRING));
    public static final StructType PROFILE = struct("tillgate.Profile", Map.of(
            "integrationId", SimpleType.STRING, "attributes", ATTRIBUTES,
            "tiers", MapType.create(SimpleType.INT, SimpleType.STRING),
            "achievements", MapType.create(SimpleType.STRING, ACHIEVEMENT),
            "audiences", ListType.create(SimpleType.INT)));
    public static final StructType COUPON = struct("tillgate.Coupon", Map.of(
            "value", SimpleType.STRING, "campaignId", SimpleType.INT));
    public static final StructType REFERRAL = struct("tillgate.Referral", Map.of(
            "code", SimpleType.STRING, "campaignId", SimpleType.INT, "advocateProfileIntegrationId", SimpleType.STRING,
            "friendProfileIntegrationId", SimpleType.STRING, "attributes", ATTRIBUTES));

    /**
     * The loop iterations one evaluation of an expression may take, all its loops together; past it the
     * evaluation fails (the rule gives an error effect) instead of holding the session and every other.
     */
    public static final int MAX_ITERATIONS = 100_000;
    /** Loops in loops: the cost of a rule multiplies with each level, so deeper nesting is refused when stored. */
    public static final int MAX_LOOP_NESTING = 2;
    public static final int MAX_EXPRESSION_LENGTH = 4_000;
    /** RE2/J's own bound on a compiled pattern, behind the store-time check of {@link RegexPatterns}. */
    public static final int MAX_REGEX_PROGRAM_SIZE = 20_000;

    private static final Cel CEL = cel(true);
    /** For what a rule computes once for the session: {@code item} is not there (it would be whichever unit came last). */
    private static final Cel SESSION_CEL = cel(false);

    private static Cel cel(boolean item) {
        var builder = CelFactory.plannerCelBuilder()
                .setTypeProvider(new Types())
                .addVar("session", SESSION)
                .addVar("profile", PROFILE)
                .addVar("coupon", COUPON)
                .addVar("referral", REFERRAL)
                .addVar("now", SimpleType.TIMESTAMP);
        if (item) {
            builder.addVar("item", ITEM);
        }
        return builder.setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true)
                        .comprehensionMaxIterations(MAX_ITERATIONS)
                        .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
                        .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
                        .build())
                .build();
    }

    private CelEnvironment() {
    }

    /** Compiles an expression that must yield {@code expected} (BOOL, DOUBLE, STRING, or DYN for any); the problem names {@code pointer}. */
    public static Optional<Expression> compile(String expression, CelType expected, String pointer,
                                        java.util.List<CampaignProblem> problems) {
        return compile(expression, expected, pointer, problems, true);
    }

    /** As above; without {@code item} in scope for what is computed once for the session ({@code perUnit} false). */
    public static Optional<Expression> compile(String expression, CelType expected, String pointer,
                                               java.util.List<CampaignProblem> problems, boolean perUnit) {
        Cel cel = perUnit ? CEL : SESSION_CEL;
        if (expression == null || expression.isBlank()) {
            problems.add(new CampaignProblem(pointer, "missing expression", "a CEL expression is required"));
            return Optional.empty();
        }
        try {
            CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
            String regex = RegexPatterns.refusal(ast.getExpr());
            if (regex != null) {
                problems.add(new CampaignProblem(pointer, "too costly", regex));
                return Optional.empty();
            }
            int nesting = LoopNesting.depth(ast.getExpr());
            if (nesting > MAX_LOOP_NESTING) {
                problems.add(new CampaignProblem(pointer, "too costly", "'" + shortened(expression) + "' nests loops "
                        + nesting + " deep; at most " + MAX_LOOP_NESTING + " levels are allowed"));
                return Optional.empty();
            }
            CelType actual = ast.getResultType();
            boolean numeric = expected == SimpleType.DOUBLE
                    && (actual == SimpleType.INT || actual == SimpleType.DOUBLE || actual == SimpleType.DYN);
            if (expected != SimpleType.DYN && !actual.equals(expected) && !numeric && actual != SimpleType.DYN) {
                problems.add(new CampaignProblem(pointer, "wrong result type",
                        "'" + shortened(expression) + "' yields " + actual.name() + ", " + expected.name() + " is expected"));
                return Optional.empty();
            }
            return Optional.of(new Expression(expression, cel.createProgram(ast), literal(ast), nesting > 0));
        } catch (CelValidationException e) {
            problems.add(new CampaignProblem(pointer, "invalid CEL", e.getMessage().replace('\n', ' ')));
            return Optional.empty();
        } catch (dev.cel.common.CelException e) {
            problems.add(new CampaignProblem(pointer, "invalid CEL", e.getMessage()));
            return Optional.empty();
        }
    }

    private static String shortened(String expression) {
        return expression.length() > 200 ? expression.substring(0, 200) + "…" : expression;
    }

    /** The value of a literal expression, or null when it has to be evaluated. */
    private static Object literal(CelAbstractSyntaxTree ast) {
        if (ast.getExpr().getKind() != dev.cel.common.ast.CelExpr.ExprKind.Kind.CONSTANT) {
            return null;
        }
        dev.cel.common.ast.CelConstant constant = ast.getExpr().constant();
        return switch (constant.getKind()) {
            case DOUBLE_VALUE -> constant.doubleValue();
            case INT64_VALUE -> constant.int64Value();
            case BOOLEAN_VALUE -> constant.booleanValue();
            case STRING_VALUE -> constant.stringValue();
            default -> null;
        };
    }

    private static StructType struct(String name, Map<String, CelType> fields) {
        return StructType.create(name, ImmutableSet.copyOf(fields.keySet()), field -> Optional.ofNullable(fields.get(field)));
    }

    private static final class Types implements CelTypeProvider {
        @Override
        public ImmutableCollection<CelType> types() {
            return ImmutableList.of(ITEM, SESSION, PROFILE, COUPON, ACHIEVEMENT, REFERRAL);
        }

        @Override
        public Optional<CelType> findType(String typeName) {
            return types().stream().filter(t -> t.name().equals(typeName)).findFirst();
        }
    }
}
