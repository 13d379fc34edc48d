package io.tillgate.operators;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import javax.management.ObjectName;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Jolokia's access policy (for {@code /actuator/jolokia} and Hawtio, which forwards to it): POST only, so no
 * read, exec or write rides on a link; no attribute writes; each operation judged by {@link JmxAccess} for the
 * caller's roles, which Jolokia asks on the request's thread, where Spring Security holds the caller. An
 * operation on an MBean name pattern is refused, since Jolokia would check the pattern once and run every
 * match. Operations that change something are audited, allowed or refused. Cross-origin answers name only
 * the origins in {@code tillgate.operators-console.allowed-origins} (none by default); requests from a
 * foreign origin are stopped before Jolokia ({@link SameOriginOnly}).
 */
@Component
public class OperatorRestrictor implements Restrictor {
    private static final Set<RequestType> TYPES = EnumSet.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH,
            RequestType.VERSION, RequestType.EXEC);
    private final OperatorAudit audit;
    private final List<String> allowedOrigins;

    public OperatorRestrictor(OperatorAudit audit,
                              @Value("${tillgate.operators-console.allowed-origins:}") List<String> allowedOrigins) {
        this.audit = audit;
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    static Set<OperatorRole> callerRoles() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        Set<OperatorRole> roles = EnumSet.noneOf(OperatorRole.class);
        if (caller != null && caller.isAuthenticated()) {
            for (GrantedAuthority authority : caller.getAuthorities()) {
                for (OperatorRole role : OperatorRole.values()) {
                    if (role.authority().equals(authority.getAuthority())) {
                        roles.add(role);
                    }
                }
            }
        }
        return roles;
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return TYPES.contains(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName mbean, String attribute) {
        return !callerRoles().isEmpty() && JmxAccess.mayRead(mbean, attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName mbean, String attribute) {
        audit.record("jmx.write", mbean + " " + attribute, "refused");
        return false;
    }

    @Override
    public boolean isOperationAllowed(ObjectName mbean, String operation) {
        JmxAccess.Verdict verdict = mbean.isPattern() ? new JmxAccess.Verdict(false, true)
                : JmxAccess.mayInvoke(callerRoles(), mbean, operation);
        if (verdict.changes()) {
            audit.record("jmx.exec", mbean + " " + operation, verdict.allowed() ? "allowed" : "refused");
        }
        return verdict.allowed();
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true; // who may reach the port is the network's business; who may act is the roles'
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        // Jolokia asks with true before each request (strict checking, done by SameOriginOnly against the Host) and
        // with false for the CORS answer to a browser.
        return onlyWhenStrictCheckingIsEnabled || allowedOrigins.contains(origin);
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }
}
