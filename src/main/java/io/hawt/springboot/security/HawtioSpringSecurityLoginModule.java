package io.hawt.springboot.security;

import io.hawt.web.auth.RolePrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.spi.LoginModule;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hawtio's bridge to Spring Security, under the name Hawtio looks for. Hawtio for Spring Boot turns its Spring
 * Security mode on only when a class of exactly this name can be loaded; the artifact that ships it
 * (hawtio-springboot-security) is not published for 5.2.0, and without it Hawtio silently falls back to a
 * login that nobody can pass. Hawtio runs this after Spring's SecurityContextLoginModule, which puts the
 * request's {@link Authentication} into the subject: each {@code ROLE_X} authority becomes Hawtio's role
 * {@code X}, checked against {@code hawtio.roles}.
 */
public class HawtioSpringSecurityLoginModule implements LoginModule {
    private Subject subject;
    private final List<Principal> added = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbacks, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
    }

    @Override
    public boolean login() {
        return true;
    }

    @Override
    public boolean commit() {
        for (Principal principal : List.copyOf(subject.getPrincipals())) {
            if (principal instanceof Authentication authentication) {
                for (GrantedAuthority authority : authentication.getAuthorities()) {
                    String name = authority.getAuthority();
                    if (name != null && name.startsWith("ROLE_")) {
                        RolePrincipal role = new RolePrincipal(name.substring("ROLE_".length()));
                        if (subject.getPrincipals().add(role)) {
                            added.add(role);
                        }
                    }
                }
            }
        }
        return true;
    }

    @Override
    public boolean abort() {
        return logout();
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(added);
        added.clear();
        return true;
    }
}
