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
 * {@code tillgate_operator_actions_total{action,result}}. Refused attempts are recorded too.
 */
@Component
public class OperatorAudit {
    private static final Logger AUDIT = LoggerFactory.getLogger("tillgate.audit");
    private final MeterRegistry meters;

    public OperatorAudit(MeterRegistry meters) {
        this.meters = meters;
    }

    public void record(String action, String target, String result) {
        AUDIT.info("user={} action={} target={} result={}", currentUser(), action, quoted(target), result);
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
