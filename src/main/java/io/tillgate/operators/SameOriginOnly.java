package io.tillgate.operators;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Stops a browser's request to an operator surface that another site started: a request that changes
 * something (anything but GET and HEAD) and carries an {@code Origin} that is neither this server's own (as
 * the request's {@code Host} names it) nor listed in {@code tillgate.operators-console.allowed-origins} is
 * refused with 403. With the session cookie's {@code SameSite=Strict}, this is the operator surfaces' defence
 * against cross-site request forgery; scripts (curl, Prometheus) send no {@code Origin} and pass.
 */
public class SameOriginOnly extends OncePerRequestFilter {
    private final List<String> allowedOrigins;

    public SameOriginOnly(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        boolean reads = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (origin == null || reads || allowedOrigins.contains(origin) || sameHost(origin, request.getHeader("Host"))) {
            chain.doFilter(request, response);
            return;
        }
        OperatorReplies.refuse(response, HttpServletResponse.SC_FORBIDDEN,
                "requests from origin " + origin.replaceAll("[^\\w.:/-]", "_") + " are not accepted");
    }

    private static boolean sameHost(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }
}
