package io.tillgate.errors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a path with a raw {@code ;} (path parameters, {@code /actuator;x/jolokia}) before any other filter:
 * Tomcat maps such a path to a servlet with the parameters removed, while Spring's path matching sees them
 * and failed with a 500; and a path that means one thing to the container and another to the security rules
 * is not one to serve. An id that contains {@code ;} is sent encoded, as {@code %3B}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PathParametersRefused extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (uri.indexOf(';') < 0) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(400);
        response.setContentType("application/json");
        response.getOutputStream().write(ErrorBodies.of(uri, 400,
                "a path may not contain ';' (path parameters); send it encoded as %3B").getBytes(StandardCharsets.UTF_8));
    }
}
