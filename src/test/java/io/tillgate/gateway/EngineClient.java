package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/** A web shop's and an operator's view of the engine APIs, over real HTTP. */
public final class EngineClient {
    public static final String APP = "ApiKey-v1 test-app-key";
    public static final String MANAGEMENT = "ManagementKey-v1 demo-management-key";
    private final GatewayClient http;
    private final String base;

    public EngineClient(int port) {
        this.http = new GatewayClient(port);
        this.base = "http://localhost:" + port;
    }

    public GatewayClient.Reply put(String path, String auth, String json) {
        return http.execute(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public GatewayClient.Reply post(String path, String auth, String json) {
        return http.post(path, auth, "application/json", json);
    }

    public GatewayClient.Reply get(String path, String auth) {
        return http.get(path, auth);
    }

    public GatewayClient.Reply delete(String path, String auth) {
        return http.execute(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth).DELETE().build());
    }

    public JsonNode session(String id, String json) {
        GatewayClient.Reply reply = put("/v2/customer_sessions/" + id, APP, json);
        if (reply.status() != 200) {
            throw new AssertionError("PUT session " + id + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    public JsonNode returns(String id, String json) {
        GatewayClient.Reply reply = post("/v2/customer_sessions/" + id + "/returns", APP, json);
        if (reply.status() != 200) {
            throw new AssertionError("returns of " + id + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    public void campaign(long applicationId, long id, String json) {
        GatewayClient.Reply reply = put("/v1/applications/" + applicationId + "/campaigns/" + id, MANAGEMENT, json);
        if (reply.status() != 200) {
            throw new AssertionError("PUT campaign " + id + " answered " + reply.status() + ": " + reply.body());
        }
    }

    public JsonNode campaign(long applicationId, long id) {
        return get("/v1/applications/" + applicationId + "/campaigns/" + id, MANAGEMENT).json();
    }

    /** The effects of a response as "type value" lines, sorted by nothing: in response order. */
    public static List<String> effects(JsonNode state) {
        List<String> list = new ArrayList<>();
        state.get("effects").forEach(e -> {
            JsonNode value = e.get("props").get("value");
            list.add(e.get("effectType").asText() + (value == null ? "" : " " + (value.isNumber()
                    ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText())));
        });
        return list;
    }
}
