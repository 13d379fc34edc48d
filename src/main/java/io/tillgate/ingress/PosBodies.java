package io.tillgate.ingress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.web.BoundedBody;
import io.tillgate.engine.web.BufferedBodyRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Reads a POS body before anything else does, and only for a configured POS client: a stranger's body is
 * refused with a 401 before a byte of it is read. One over {@code tillgate.pos.max-body-size} is a 413 before it
 * is read into memory (by Content-Length when given, by counting when chunked), one that is not UTF-8 is a
 * 400. The web layer would otherwise decode it itself, replacing what does not decode or failing with a 500.
 */
@Component
public class PosBodies extends OncePerRequestFilter {
    private final long maxBytes;
    private final PosClients clients;
    private final MeterRegistry meters;

    public PosBodies(PosProperties properties, PosClients clients, MeterRegistry meters) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.clients = clients;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PosPaths.isPos(request) || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (clients.authenticate(request.getHeader("Authorization")).isEmpty()) {
            meters.counter("tillgate.pos.requests", "result", "unauthorized").increment(); // as the route counts it
            response.setHeader("WWW-Authenticate", PosIngress.CHALLENGE);
            PosReplies.write(response, 401, "unauthorized", "Authorization", PosIngress.UNAUTHORIZED);
            return;
        }
        byte[] body = BoundedBody.read(request, maxBytes);
        if (body == null) {
            PosReplies.write(response, 413, "payload_too_large", "$", "the body exceeds " + maxBytes + " bytes");
            return;
        }
        try {
            Json.utf8(body);
        } catch (Json.NotUtf8Exception e) {
            PosReplies.write(response, 400, "malformed_json", "$", e.getMessage());
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

}
