package io.tillgate.engine.campaign;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;

import java.time.Duration;

/**
 * When the CEL of one rule must have finished. The interpreter calls back after each step; every so many
 * steps this looks at the clock, and past the deadline it stops the evaluation by throwing: CEL has no other
 * way to interrupt an expression, and the loop limits alone still allow one that runs for seconds.
 *
 * <p>What it throws is an {@link Error}, on purpose: CEL turns every {@link Exception} inside {@code &&},
 * {@code ||} and the {@code all}/{@code exists} macros into an error value and goes on evaluating, so an
 * exception would not stop anything. The evaluator catches {@link Exceeded} by name, and nothing else does.
 */
public final class EvaluationDeadline implements CelEvaluationListener {
    /** Steps between looks at the clock: a step costs some hundred nanoseconds, a look some tens. */
    private static final int STEPS_PER_CHECK = 1_024;
    private final long endNanos;
    private final String what;
    private int steps;

    private EvaluationDeadline(long endNanos, String what) {
        this.endNanos = endNanos;
        this.what = what;
    }

    /** The deadline of a session's whole evaluation. */
    public static EvaluationDeadline after(Duration budget) {
        return new EvaluationDeadline(System.nanoTime() + budget.toNanos(),
                "the session's evaluation took longer than its " + budget.toMillis() + " ms");
    }

    /** A rule's share of what is left of its session's evaluation: this deadline, or an earlier one. */
    public EvaluationDeadline within(Duration budget) {
        long end = System.nanoTime() + budget.toNanos();
        return end - endNanos >= 0 ? new EvaluationDeadline(endNanos, what)
                : new EvaluationDeadline(end, "the rule's evaluation took longer than its " + budget.toMillis() + " ms");
    }

    public void check() {
        if (System.nanoTime() - endNanos > 0) {
            throw new Exceeded(what);
        }
    }

    @Override
    public void callback(CelExpr expr, Object result) {
        if (++steps % STEPS_PER_CHECK == 0) {
            check();
        }
    }

    /** The evaluation ran past its deadline; the rule fails with an error effect. */
    public static final class Exceeded extends Error {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }
}
