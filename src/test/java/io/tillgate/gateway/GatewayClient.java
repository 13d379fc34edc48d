package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A POS's view of a running gateway: real HTTP against its port. */
public final class GatewayClient {
    public static final String DEMO = basic("demo-pos", "demo-secret");
    /** The demo operators of application.yaml: a viewer reads the operator surfaces, an operator also acts. */
    public static final String VIEWER = basic("viewer", "demo-secret");
    public static final String OPERATOR = basic("operator", "demo-secret");
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public GatewayClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Reply send(JsonNode envelope) {
        return post("/api/2.0/send_transaction", DEMO, "application/json", envelope.toString());
    }

    public Reply post(String path, String authorization, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return execute(request.build(), body);
    }

    public Reply get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return execute(request.build());
    }

    public Reply execute(HttpRequest request) {
        return execute(request, null);
    }

    /** Every POS API exchange is checked against the API's OpenAPI document ({@link PosApiContract}). */
    private Reply execute(HttpRequest request, String body) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            PosApiContract.check(request.method(), request.uri().getRawPath(), body, response.statusCode(), response.body());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Reply(int status, String body, HttpResponse<String> response) {
        public JsonNode json() {
            return Json.parse(body);
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }
}
