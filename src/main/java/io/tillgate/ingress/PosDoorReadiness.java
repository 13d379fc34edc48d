package io.tillgate.ingress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The POS door answers {@code 503 not_ready} with {@code Retry-After} while its route cannot take a request:
 * before the application is ready (the web server listens seconds before Camel's routes are up, and would
 * answer 404), once it is closing, and while an operator has the route stopped. A till retries; nothing
 * was accepted.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class PosDoorReadiness extends OncePerRequestFilter implements ApplicationListener<ApplicationEvent> {
    private volatile CamelContext camel; // set once the application is ready, cleared when it closes

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationReadyEvent ready) {
            camel = ready.getApplicationContext().getBean(CamelContext.class);
        } else if (event instanceof ContextClosedEvent) {
            camel = null;
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PosPaths.isPos(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CamelContext routes = camel;
        String route = routeOf(request.getMethod(), PosPaths.path(request));
        ServiceStatus status = routes == null ? null : route == null ? routes.getStatus()
                : routes.getRouteController().getRouteStatus(route);
        if (status == ServiceStatus.Started) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", "5");
        PosReplies.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "not_ready", null, routes == null
                ? "tillgate is starting or stopping; nothing was accepted, retry later"
                : "the route " + route + " is " + (status == null ? "missing" : status.name().toLowerCase())
                + "; nothing was accepted, retry later");
    }

    /** The route behind each POS operation (routes/pos-api.camel.yaml). */
    static String routeOf(String method, String uri) {
        if (PosPaths.POSTS.containsKey(uri) && method.equals("POST")) {
            return PosPaths.POSTS.get(uri);
        }
        if (uri.startsWith("/api/2.0/jobs/") && method.equals("GET")) {
            return "pos-get-job";
        }
        if (uri.startsWith("/api/2.0/transactions/") && method.equals("GET")) {
            return "pos-get-transaction";
        }
        if (uri.equals("/api/2.0/openapi.json") && method.equals("GET")) {
            return "pos-get-openapi";
        }
        return null;
    }
}
