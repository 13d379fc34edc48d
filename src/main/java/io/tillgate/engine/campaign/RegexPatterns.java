package io.tillgate.engine.campaign;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;

import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which regular expressions a rule may use with {@code matches}: string literals without counted repetition.
 * CEL's regex engine (RE2/J) compiles {@code ((a{100}){100}){100}} into a program of a million instructions,
 * and one level more ran the gateway out of memory while compiling, before any deadline could look; a
 * pattern read from a session would let a client do the same. Without {@code {n}}, a program is as long as
 * its pattern, which CEL bounds.
 */
final class RegexPatterns {
    private static final Pattern COUNTED_REPETITION = Pattern.compile("(?<!\\\\)\\{\\d");

    private RegexPatterns() {
    }

    /** Why the expression's regular expressions are refused, or null. */
    static String refusal(CelExpr e) {
        if (e.getKind() == CelExpr.ExprKind.Kind.CALL && e.call().function().equals("matches")) {
            CelExpr pattern = e.call().target().isPresent() ? e.call().args().get(0) : e.call().args().get(1);
            if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                    || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                return "the pattern of matches() must be a string literal";
            }
            if (COUNTED_REPETITION.matcher(pattern.constant().stringValue()).find()) {
                return "the pattern '" + pattern.constant().stringValue() + "' repeats a count ({n}); write the repetition out";
            }
        }
        return children(e).map(RegexPatterns::refusal).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static Stream<CelExpr> children(CelExpr e) {
        return switch (e.getKind()) {
            case COMPREHENSION -> Stream.of(e.comprehension().iterRange(), e.comprehension().accuInit(),
                    e.comprehension().loopCondition(), e.comprehension().loopStep(), e.comprehension().result());
            case CALL -> Stream.concat(e.call().target().stream(), e.call().args().stream());
            case LIST -> e.list().elements().stream();
            case MAP -> e.map().entries().stream().flatMap(entry -> Stream.of(entry.key(), entry.value()));
            case STRUCT -> e.struct().entries().stream().map(CelExpr.CelStruct.Entry::value);
            case SELECT -> Stream.of(e.select().operand());
            default -> Stream.empty();
        };
    }
}
