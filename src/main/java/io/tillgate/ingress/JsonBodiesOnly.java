package io.tillgate.ingress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.tillgate.engine.web.JsonContentType;

import java.io.IOException;

/**
 * Refuses a POS request whose body is not {@code application/json} in UTF-8 with a 415 before anything reads
 * it: the web layer would otherwise parse a form-encoded body into parameters first, and fail with a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class JsonBodiesOnly extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // only the calls that take a body: any other method or path is answered 405 or 404 by the routes
        return !"POST".equals(request.getMethod()) || !PosPaths.POSTS.containsKey(PosPaths.path(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = JsonContentType.refusal(request.getContentType());
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        PosReplies.write(response, 415, "unsupported_media_type", "Content-Type", refusal);
    }
}
