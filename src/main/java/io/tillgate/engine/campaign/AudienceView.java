package io.tillgate.engine.campaign;

import java.util.Map;
import java.util.Set;

/**
 * Audiences as an evaluation sees them: the names of those the candidate campaigns' effects name (an audience missing
 * here does not exist), and the ones the session's customer is a member of.
 */
public record AudienceView(Map<Long, String> names, Set<Long> memberOf) {
    public static final AudienceView NONE = new AudienceView(Map.of(), Set.of());
}
