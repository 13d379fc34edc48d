package io.tillgate.engine.campaign;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;

/**
 * A compiled CEL expression and its source, for error messages. A literal ({@code "1.0"}, {@code "true"})
 * keeps its value and is never run through the interpreter: many effect values are plain numbers.
 */
public record Expression(String source, CelRuntime.Program program, Object constant) {

    public boolean test(CelVariableResolver variables) throws CelEvaluationException {
        Object result = constant != null ? constant : program.eval(variables);
        if (result instanceof Boolean b) {
            return b;
        }
        throw new IllegalStateException("'" + source + "' did not yield a bool but " + result);
    }

    public String text(CelVariableResolver variables) throws CelEvaluationException {
        Object result = constant != null ? constant : program.eval(variables);
        if (result instanceof String text) {
            return text;
        }
        throw new IllegalStateException("'" + source + "' did not yield a string but " + result);
    }

    public double number(CelVariableResolver variables) throws CelEvaluationException {
        Object result = constant != null ? constant : program.eval(variables);
        if (result instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalStateException("'" + source + "' did not yield a number but " + result);
    }
}
