package io.tillgate.engine.campaign;

import dev.cel.common.ast.CelExpr;

import java.util.stream.Stream;

/**
 * How deeply an expression's loops ({@code all}, {@code exists}, {@code map}, {@code filter}) nest. A loop in
 * another's body runs once per outer iteration, so its cost multiplies: the cost a rule may have is bounded
 * by refusing deep nesting when the campaign is stored. A loop over another loop's result (a chain such as
 * {@code items.filter(…).exists(…)}) runs once and adds, so it does not count as nesting.
 */
final class LoopNesting {
    private LoopNesting() {
    }

    static int depth(CelExpr e) {
        return switch (e.getKind()) {
            case COMPREHENSION -> {
                CelExpr.CelComprehension c = e.comprehension();
                int body = Math.max(depth(c.loopCondition()), depth(c.loopStep()));
                yield Math.max(1 + body, max(Stream.of(c.iterRange(), c.accuInit(), c.result())));
            }
            case CALL -> max(Stream.concat(e.call().target().stream(), e.call().args().stream()));
            case LIST -> max(e.list().elements().stream());
            case MAP -> max(e.map().entries().stream().flatMap(entry -> Stream.of(entry.key(), entry.value())));
            case STRUCT -> max(e.struct().entries().stream().map(CelExpr.CelStruct.Entry::value));
            case SELECT -> depth(e.select().operand());
            default -> 0;
        };
    }

    private static int max(Stream<CelExpr> children) {
        return children.mapToInt(LoopNesting::depth).max().orElse(0);
    }
}
