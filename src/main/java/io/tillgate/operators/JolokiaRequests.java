package io.tillgate.operators;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.web.BoundedBody;
import io.tillgate.engine.web.BufferedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Bounds what one Jolokia request may ask, after the caller has logged in and before Jolokia reads it: Jolokia
 * answers a bulk request whole, in memory, so a small body of many {@code list}s (each answer is the whole
 * MBean tree) could fill the heap. At most {@value #MAX_BYTES} bytes, {@value #MAX_REQUESTS} requests in a bulk,
 * {@value #MAX_LISTS} of them {@code list}s; only the request types tillgate allows ({@code read}, {@code list},
 * {@code search}, {@code version}, {@code exec}); POST only, but for the console's {@code version} probe.
 */
public class JolokiaRequests extends OncePerRequestFilter {
    static final int MAX_BYTES = 1024 * 1024; // Hawtio asks for its permissions on every operation of every MBean in one bulk
    static final int MAX_REQUESTS = 500;
    static final int MAX_LISTS = 2;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JolokiaRequests.class);
    private static final Set<String> TYPES = Set.of("read", "list", "search", "version", "exec");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        return !(path.startsWith("/actuator/jolokia") || path.startsWith("/actuator/hawtio/jolokia"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            // The console probes with GET version; anything else waits for no check of Jolokia's own (which comes
            // after the operation's, so a refused GET would be audited as an allowed operation).
            if ("GET".equals(request.getMethod()) && isVersion(UrlPathHelper.defaultInstance.getPathWithinApplication(request))) {
                chain.doFilter(request, response);
            } else {
                OperatorReplies.refuse(response, 405, "Jolokia takes POST requests only; GET answers version alone");
            }
            return;
        }
        byte[] body = BoundedBody.read(request, MAX_BYTES);
        if (body == null) {
            OperatorReplies.refuse(response, 413, "a Jolokia request may be at most " + MAX_BYTES + " bytes");
            return;
        }
        String problem = problem(body);
        if (problem != null) {
            LOG.warn("Jolokia request of {} refused: {}", OperatorAudit.currentUser(), problem);
            OperatorReplies.refuse(response, problem.startsWith("request type") ? 403 : 400, problem);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    static boolean isVersion(String path) {
        String rest = path.replaceFirst("^/actuator(/hawtio)?/jolokia", "");
        return rest.isEmpty() || rest.equals("/") || rest.startsWith("/version");
    }

    /** What is wrong with a request body, or null. */
    static String problem(byte[] body) {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (IOException | RuntimeException notJson) {
            return "a Jolokia request must be a JSON object or an array of them";
        }
        List<JsonNode> requests = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(requests::add);
        } else if (root != null && root.isObject()) {
            requests.add(root);
        } else {
            return "a Jolokia request must be a JSON object or an array of them";
        }
        if (requests.size() > MAX_REQUESTS) {
            return "a bulk request may hold at most " + MAX_REQUESTS + " requests, not " + requests.size();
        }
        int lists = 0;
        for (JsonNode one : requests) {
            String type = one.path("type").asText("").toLowerCase(java.util.Locale.ROOT);
            if (!TYPES.contains(type)) {
                return "request type '" + type + "' is not allowed; only " + TYPES;
            }
            if (type.equals("list") && ++lists > MAX_LISTS) {
                return "a bulk request may hold at most " + MAX_LISTS + " list requests";
            }
        }
        return null;
    }
}
