package io.tillgate.engine.campaign;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.Map;

/** A compiled CEL expression and its source, for error messages. */
public record Expression(String source, CelRuntime.Program program) {

    public boolean test(Map<String, Object> variables) throws CelEvaluationException {
        Object result = program.eval(variables);
        if (result instanceof Boolean b) {
            return b;
        }
        throw new IllegalStateException("'" + source + "' did not yield a bool but " + result);
    }

    public String text(Map<String, Object> variables) throws CelEvaluationException {
        Object result = program.eval(variables);
        if (result instanceof String text) {
            return text;
        }
        throw new IllegalStateException("'" + source + "' did not yield a string but " + result);
    }

    public double number(Map<String, Object> variables) throws CelEvaluationException {
        Object result = program.eval(variables);
        if (result instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalStateException("'" + source + "' did not yield a number but " + result);
    }
}
