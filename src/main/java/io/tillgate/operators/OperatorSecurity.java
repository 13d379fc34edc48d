package io.tillgate.operators;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The operators' doors: {@code /actuator/**} (health, metrics, dead letters, Hawtio, Jolokia) and the login
 * page. Anyone may read the bare health status (load balancers); a viewer reads everything else; an operator
 * also replays and discards dead letters (and, through {@link OperatorRestrictor}, starts and stops routes).
 * Browsers log in with the form at {@code /login}, scripts with HTTP Basic. The POS, Integration and
 * Management APIs are not matched here: they authenticate their own clients and keys.
 */
@Configuration(proxyBeanMethods = false)
public class OperatorSecurity {
    private static final String VIEWER = OperatorRole.VIEWER.name();
    private static final String OPERATOR = OperatorRole.OPERATOR.name();

    @Bean
    SecurityFilterChain operatorDoors(HttpSecurity http,
                                      @Value("${tillgate.operators-console.allowed-origins:}") List<String> allowedOrigins)
            throws Exception {
        // Paths matched on the whole request path: Jolokia is a servlet of its own, beside Spring MVC's.
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(path.matcher("/actuator"), path.matcher("/actuator/**"),
                        path.matcher("/login"), path.matcher("/logout"), path.matcher("/default-ui.css")))
                .authorizeHttpRequests(doors -> doors
                        .requestMatchers(path.matcher(HttpMethod.GET, "/actuator/health")).permitAll()
                        .requestMatchers(path.matcher("/login"), path.matcher("/logout"), path.matcher("/default-ui.css")).permitAll()
                        .requestMatchers(path.matcher(HttpMethod.GET, "/actuator/deadletters")).hasRole(VIEWER)
                        .requestMatchers(path.matcher("/actuator/deadletters/**")).hasRole(OPERATOR)
                        .anyRequest().hasRole(VIEWER))
                .formLogin(login -> login.defaultSuccessUrl("/actuator/hawtio/", false))
                .httpBasic(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                // Cross-site requests are stopped by the SameSite=Strict session cookie and SameOriginOnly (Hawtio's
                // client and scripts with Basic credentials would otherwise each need a CSRF token dance).
                .csrf(AbstractHttpConfigurer::disable)
                // before the login and logout filters: a foreign page may not log a browser in or out either
                .addFilterBefore(new SameOriginOnly(allowedOrigins), LogoutFilter.class)
                .addFilterAfter(new JolokiaRequests(), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * Spring Security's firewall sees every request, the POS API's too: a till's transaction id may hold a '%',
     * which its path carries as %25. Nothing here decodes a path twice, so an encoded percent is let through;
     * the firewall's other refusals stand.
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedPercent(true);
        return firewall;
    }

    /** A path Spring Security's firewall refuses (an encoded slash, a backslash) is a 400, not a 500 with a stack trace in the log. */
    @Bean
    RequestRejectedHandler requestRejected() {
        return new HttpStatusRequestRejectedHandler();
    }

    /** {@code tillgate.operators}: each with a password in Spring's {@code {id}…} form and roles; an operator is a viewer too. */
    @Bean
    UserDetailsService operators(Environment environment) {
        List<UserDetails> users = Operator.configured(environment).stream().map(operator -> {
            Set<String> roles = new LinkedHashSet<>();
            for (OperatorRole role : operator.roles()) {
                roles.add(role.name());
                if (role == OperatorRole.OPERATOR) {
                    roles.add(VIEWER);
                }
            }
            return User.withUsername(operator.name()).password(operator.password()).roles(roles.toArray(String[]::new)).build();
        }).toList();
        return new InMemoryUserDetailsManager(users);
    }
}
