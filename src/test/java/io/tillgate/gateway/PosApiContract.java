package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.tillgate.ingress.PosApiDocument;
import io.tillgate.engine.json.Json;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The POS API's OpenAPI document as a contract the test suite keeps: {@link GatewayClient} hands it every
 * request to {@code /api/2.0/} and its answer. The operation and the answer's status must be documented and
 * the answer's body must match its schema; an accepted request's body must match the request schema (requests
 * that are refused are often malformed on purpose). Any drift between the API and its document fails the test
 * that saw it.
 */
final class PosApiContract {
    private static final JsonNode DOCUMENT = Json.parse(PosApiDocument.read().toString()
            .replace("#/components/schemas/", "#/$defs/"));
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private PosApiContract() {
    }

    static void check(String method, String path, String requestBody, int status, String responseBody) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (!bare.startsWith("/api/2.0/")) {
            return;
        }
        String template = template(bare);
        JsonNode operation = DOCUMENT.at("/paths/" + pointer(template) + "/" + method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            throw new AssertionError(method + " " + template + " is not in openapi/pos-api.yaml");
        }
        JsonNode response = resolve(operation.at("/responses/" + status));
        if (response.isMissingNode()) {
            throw new AssertionError(method + " " + template + " answered " + status + ", which openapi/pos-api.yaml does not list: "
                    + responseBody);
        }
        JsonNode responseSchema = response.at("/content/application~1json/schema");
        if (!responseSchema.isMissingNode()) {
            validate(responseSchema, responseBody, method + " " + template + " " + status + " answer");
        }
        JsonNode requestSchema = operation.at("/requestBody/content/application~1json/schema");
        if (status / 100 == 2 && requestBody != null && !requestSchema.isMissingNode()) {
            validate(requestSchema, requestBody, method + " " + template + " request");
        }
    }

    private static void validate(JsonNode schema, String body, String what) {
        JsonNode instance;
        try {
            instance = Json.parse(body);
        } catch (RuntimeException notJson) {
            throw new AssertionError(what + " is not JSON: " + body, notJson);
        }
        JsonSchema compiled = COMPILED.computeIfAbsent(schema.toString(), key -> {
            ObjectNode wrapped = Json.MAPPER.createObjectNode().put("$schema", "https://json-schema.org/draft/2020-12/schema");
            wrapped.set("$defs", DOCUMENT.at("/components/schemas"));
            wrapped.putArray("allOf").add(schema);
            return SCHEMAS.getSchema(wrapped);
        });
        Set<ValidationMessage> problems = compiled.validate(instance);
        if (!problems.isEmpty()) {
            throw new AssertionError(what + " does not match openapi/pos-api.yaml: " + problems + "\n" + body);
        }
    }

    /** The documented path that a concrete path matches, such as /api/2.0/transactions/{store_id}/{transaction_id}. */
    private static String template(String path) {
        for (Iterator<String> it = DOCUMENT.get("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex)) {
                return template;
            }
        }
        throw new AssertionError(path + " matches no path of openapi/pos-api.yaml");
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : DOCUMENT.at(ref.asText().substring(1));
    }

    private static String pointer(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }
}
