package io.tillgate.engine.campaign;

import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounds of one CEL expression: loop nesting when stored; iterations and time when run. */
class CelLimitsTest {
    private static final CelVariableResolver NONE = name -> Optional.empty();

    private static String list(int size) {
        return IntStream.range(0, size).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    private static Expression compile(String source) {
        List<CampaignProblem> problems = new ArrayList<>();
        Optional<Expression> expression = CelEnvironment.compile(source, SimpleType.BOOL, "/rules/0/condition", problems);
        assertThat(problems).isEmpty();
        return expression.orElseThrow();
    }

    @Test
    void loopNestingCountsLoopsInLoopBodiesNotLoopsOverLoopResults() {
        List<CampaignProblem> problems = new ArrayList<>();
        CelEnvironment.compile("[1].all(a, [1].all(b, [1].all(c, a == b && b == c)))", SimpleType.BOOL, "/p", problems);
        assertThat(problems).extracting(CampaignProblem::title, CampaignProblem::details).containsExactly(
                org.assertj.core.groups.Tuple.tuple("too costly",
                        "'[1].all(a, [1].all(b, [1].all(c, a == b && b == c)))' nests loops 3 deep; at most 2 levels are allowed"));
        assertThat(compile("[1].map(a, a + 1).filter(a, a > 1).map(a, a * 2).exists(a, a > 2)").loops()).isTrue();
        assertThat(compile("1 + 1 == 2").loops()).isFalse();
    }

    @Test
    void anEvaluationPastTheIterationLimitFails() throws CelEvaluationException {
        Expression costly = compile(list(400) + ".all(a, " + list(400) + ".all(b, a + b >= 0))"); // 160,000 iterations
        assertThatThrownBy(() -> costly.test(NONE, EvaluationDeadline.after(Duration.ofMinutes(5))))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("Iteration budget exceeded: " + CelEnvironment.MAX_ITERATIONS);
        Expression within = compile(list(300) + ".all(a, " + list(300) + ".all(b, a + b >= 0))"); // 90,000
        assertThat(within.test(NONE, EvaluationDeadline.after(Duration.ofMinutes(5)))).isTrue();
    }

    @Test
    void anEvaluationPastItsDeadlineStopsEvenInsideAndAndAll() {
        // CEL absorbs exceptions inside && and all(); the deadline's Error is not absorbed
        Expression slow = compile(list(300) + ".all(a, " + list(300) + ".all(b, a + b >= 0 && b + a >= 0))");
        assertThatThrownBy(() -> slow.test(NONE, EvaluationDeadline.after(Duration.ofMillis(1))))
                .isInstanceOf(EvaluationDeadline.Exceeded.class)
                .hasMessage("the session's evaluation took longer than its 1 ms");
        EvaluationDeadline session = EvaluationDeadline.after(Duration.ofMinutes(5));
        assertThatThrownBy(() -> slow.test(NONE, session.within(Duration.ofMillis(1))))
                .isInstanceOf(EvaluationDeadline.Exceeded.class)
                .hasMessage("the rule's evaluation took longer than its 1 ms");
    }

    @Test
    void regularExpressionsAreLiteralsWithoutCountedRepetition() {
        List<CampaignProblem> problems = new ArrayList<>();
        CelEnvironment.compile("session.id.matches(\"((((a{100}){100}){100}){100})\") || true", SimpleType.BOOL, "/c", problems);
        CelEnvironment.compile("matches(session.id, session.profileId)", SimpleType.BOOL, "/d", problems);
        assertThat(problems).extracting(CampaignProblem::pointer, CampaignProblem::details).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/c", "the pattern '((((a{100}){100}){100}){100})' repeats a count ({n}); write the repetition out"),
                org.assertj.core.groups.Tuple.tuple("/d", "the pattern of matches() must be a string literal"));
        assertThat(compile("session.id.matches('^store-[0-9]+:T-\\\\{x')")).isNotNull();
    }
}
