package io.tillgate.operators;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The record of what operators changed: one line on the logger {@code tillgate.audit} per action
 * ({@code user}, {@code action}, {@code target}, {@code result}) and the counter
 * {@code tillgate_operator_actions_total{action,result}}. Refused attempts are recorded too. For a Jolokia
 * operation the result is the access decision ({@code allowed} or {@code refused}), taken before it runs.
 */
@Component
public class OperatorAudit {
    private static final Logger AUDIT = LoggerFactory.getLogger("tillgate.audit");
    private final MeterRegistry meters;

    public OperatorAudit(MeterRegistry meters) {
        this.meters = meters;
    }

    public void record(String action, String target, String result) {
        record(action, target, result, null);
    }

    /** {@code result} is one of a few words (it labels the counter); {@code detail}, such as a count, goes in the line only. */
    public void record(String action, String target, String result, String detail) {
        AUDIT.info("user={} action={} target={} result={}{}", currentUser(), action, quoted(target), result,
                detail == null ? "" : " " + detail);
        meters.counter("tillgate.operator.actions", "action", action, "result", result).increment();
    }

    static String currentUser() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        return who == null ? "anonymous" : who.getName();
    }

    /** Targets come from requests: quoted, without line breaks, so that one action stays one line. */
    private static String quoted(String target) {
        return target == null ? "-" : '"' + target.replace('"', '\'').replaceAll("[\\r\\n]", "_") + '"';
    }
}
