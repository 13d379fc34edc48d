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
import java.util.Locale;

/**
 * Refuses a POS request whose body is not {@code application/json} in UTF-8 with a 415 before anything reads
 * it: the web layer would otherwise parse a form-encoded body into parameters first, and fail with a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class JsonBodiesOnly extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PosPaths.isPos(request) || "GET".equals(request.getMethod())
                || "HEAD".equals(request.getMethod()) || "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = refusal(request.getContentType());
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        PosReplies.write(response, 415, "unsupported_media_type", "Content-Type", refusal);
    }

    /** Why a Content-Type is refused, or null: {@code application/json}, with no charset or UTF-8's. */
    static String refusal(String contentType) {
        if (contentType == null) {
            return "Content-Type must be application/json, not absent";
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return "Content-Type must be application/json, not " + printable(contentType);
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=") && !parameter.replace("\"", "").equals("charset=utf-8")) {
                return "the body must be UTF-8, not " + printable(parts[i].trim());
            }
        }
        return null;
    }

    private static String printable(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
