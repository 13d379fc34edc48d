package io.tillgate.ingress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses a POS request whose query string names a header the POS routes read ({@code Authorization},
 * {@code Content-Type}, in any case): Camel's HTTP consumer turns query parameters into message headers, so
 * {@code ?Authorization=Basic …} would stand in for the header, and a password in a URL ends up in every
 * proxy's and access log on the way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class QueryHeadersRefused extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PosPaths.isPos(request) || request.getQueryString() == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (io.tillgate.engine.web.QueryNames.Pair pair : io.tillgate.engine.web.QueryNames.of(request.getQueryString())) {
            String name = pair.name();
            if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Content-Type")) {
                PosReplies.write(response, 400, "invalid_value", name,
                        "'" + name + "' is a header, not a query parameter: credentials and content types never go in the URL");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
