package io.tillgate.engine.campaign;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;

/**
 * A compiled CEL expression and its source, for error messages. A literal ({@code "1.0"}, {@code "true"})
 * keeps its value and is never run through the interpreter: many effect values are plain numbers. Only an
 * expression with loops is watched by its deadline: without one, its cost is bounded by its length.
 */
public record Expression(String source, CelRuntime.Program program, Object constant, boolean loops) {

    public boolean test(CelVariableResolver variables, EvaluationDeadline deadline) throws CelEvaluationException {
        Object result = eval(variables, deadline);
        if (result instanceof Boolean b) {
            return b;
        }
        throw new IllegalStateException("'" + source + "' did not yield a bool but " + result);
    }

    public String text(CelVariableResolver variables, EvaluationDeadline deadline) throws CelEvaluationException {
        Object result = eval(variables, deadline);
        if (result instanceof String text) {
            return text;
        }
        throw new IllegalStateException("'" + source + "' did not yield a string but " + result);
    }

    public double number(CelVariableResolver variables, EvaluationDeadline deadline) throws CelEvaluationException {
        Object result = eval(variables, deadline);
        if (result instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalStateException("'" + source + "' did not yield a number but " + result);
    }

    /** The result, of whatever type the expression yields. */
    public Object value(CelVariableResolver variables, EvaluationDeadline deadline) throws CelEvaluationException {
        return eval(variables, deadline);
    }

    private Object eval(CelVariableResolver variables, EvaluationDeadline deadline) throws CelEvaluationException {
        if (constant != null) {
            return constant;
        }
        deadline.check(); // a rule of many short expressions runs out too
        return loops ? program.trace(variables, deadline) : program.eval(variables);
    }
}
