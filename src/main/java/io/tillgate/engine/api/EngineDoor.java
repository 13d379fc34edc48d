package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineProperties;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.web.BoundedBody;
import io.tillgate.engine.web.BufferedBodyRequest;
import io.tillgate.engine.web.JsonContentType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The door of the engine's APIs ({@code /v1}, {@code /v2}): the key is checked before a byte of the body is
 * read, then the body is read up to {@code tillgate.engine.max-body-size} and must be UTF-8 JSON. A stranger
 * cannot make the gateway buffer anything; the controllers only ever see a bounded, decodable body.
 * The controllers check the key again, and that the application exists: this door only keeps strangers out.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class EngineDoor extends OncePerRequestFilter {
    private final Applications applications;
    private final long maxBytes;

    public EngineDoor(Applications applications, EngineProperties properties) {
        this.applications = applications;
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return api(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String auth = request.getHeader("Authorization");
        String api = api(request);
        boolean integration = applications.byApiKey(auth).isPresent();
        boolean management = applications.isManagementKey(auth);
        if ("v2".equals(api) ? !integration : "read".equals(api) ? !integration && !management : !management) {
            write(response, "v1".equals(api) ? ApiRefusal.managementKeyRequired() : ApiRefusal.integrationKeyRequired());
            return;
        }
        String method = request.getMethod();
        boolean noBody = request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null;
        if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)
                || noBody) { // PUT …/reopen has no body (curl -X PUT sends no Content-Length), and needs no Content-Type
            chain.doFilter(request, response);
            return;
        }
        boolean upload = UPLOADS.matcher(UrlPathHelper.defaultInstance.getPathWithinApplication(request)).matches()
                && request.getContentType() != null && request.getContentType().toLowerCase().startsWith("multipart/form-data");
        String refusal = upload ? null : JsonContentType.refusal(request.getContentType());
        if (refusal != null) {
            write(response, ApiRefusal.unsupportedMediaType(refusal));
            return;
        }
        byte[] body = BoundedBody.read(request, maxBytes);
        if (body == null) {
            String message = "the body exceeds " + maxBytes + " bytes";
            write(response, 413, Views.error(message, "payload too large", message, "/"));
            return;
        }
        try {
            Json.utf8(body);
        } catch (Json.NotUtf8Exception e) {
            write(response, 400, Views.error(e.getMessage(), "invalid request", e.getMessage(), "/"));
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    /** Talon.One's Integration API reads under /v1: a customer's points, which a till reads with its own key. */
    private static final java.util.regex.Pattern INTEGRATION_READS =
            java.util.regex.Pattern.compile("/v1/loyalty_programs/[^/]+/(profile|cards)/[^/]+/(balances|transactions|points)");
    /** Talon.One's Integration API reads under /v1 of one application's data: its key alone. */
    private static final java.util.regex.Pattern APPLICATION_READS =
            java.util.regex.Pattern.compile("/v1/customer_profiles/[^/]+/achievements(/[^/]+)?");
    /** Talon.One's Integration API writes under /v1 of one application's data: a referral code made for an advocate. */
    private static final java.util.regex.Pattern APPLICATION_WRITES = java.util.regex.Pattern.compile("/v1/referrals");
    /** Talon.One's imports of a CSV file, sent as multipart data: the one body that is not JSON. */
    private static final java.util.regex.Pattern UPLOADS = java.util.regex.Pattern.compile("/v1/giveaways/pools/[^/]+/import");
    /** Talon.One's Integration API erasure under /v1. */
    private static final java.util.regex.Pattern INTEGRATION_DELETES = java.util.regex.Pattern.compile("/v1/customer_data/[^/]+");

    /**
     * "v1" (Management), "v2" (Integration, and its calls under /v1 that read or write one application's data), "read" (an
     * Integration API call under /v1, which either key may make) or
     * null, judged on the decoded path as the controllers' mapping is.
     */
    private static String api(HttpServletRequest request) {
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        if (path.startsWith("/v1/") && ("GET".equals(request.getMethod()) && INTEGRATION_READS.matcher(path).matches()
                || "DELETE".equals(request.getMethod()) && INTEGRATION_DELETES.matcher(path).matches())) {
            return "read";
        }
        if ("GET".equals(request.getMethod()) && APPLICATION_READS.matcher(path).matches()
                || "POST".equals(request.getMethod()) && APPLICATION_WRITES.matcher(path).matches()) {
            return "v2";
        }
        return path.startsWith("/v2/") ? "v2" : path.startsWith("/v1/") ? "v1" : null;
    }

    private static void write(HttpServletResponse response, ApiRefusal refusal) throws IOException {
        write(response, refusal.status(), refusal.body());
    }

    private static void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
