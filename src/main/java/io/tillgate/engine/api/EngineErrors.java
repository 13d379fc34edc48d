package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.json.Json;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Talon.One's error bodies for the engine APIs: {@code {"message", "errors": [{"title", "details", "source": {"pointer"}}]}}. */
@RestControllerAdvice(assignableTypes = {IntegrationApi.class, ManagementApi.class, EngineSurface.class})
class EngineErrors {

    @ExceptionHandler(EngineException.class)
    ResponseEntity<JsonNode> engine(EngineException e) {
        ResponseEntity<JsonNode> reply = error(status(e), e.title(), e.getMessage(), e.pointer());
        if (e instanceof EngineException.Invalid invalid && invalid.parameter() != null) {
            ((ObjectNode) reply.getBody().at("/errors/0/source")).put("parameter", invalid.parameter());
        }
        return reply;
    }

    /** What each kind of engine refusal is in HTTP: the one place the engine's errors meet statuses. */
    static int status(EngineException e) {
        if (e instanceof EngineException.NotFound) {
            return 404;
        }
        if (e instanceof EngineException.Conflict || e instanceof EngineException.Busy) {
            return 409;
        }
        return 400; // EngineException.Invalid: the classes are sealed, nothing else exists
    }

    @ExceptionHandler(ApiRefusal.class)
    ResponseEntity<JsonNode> refused(ApiRefusal e) {
        ResponseEntity.BodyBuilder reply = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.status() == 503) {
            reply.header(HttpHeaders.RETRY_AFTER, "10"); // what is busy now frees within seconds
        }
        return reply.body(e.body());
    }

    private static ResponseEntity<JsonNode> error(int status, String title, String details, String pointer) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Views.error(details, title, details, pointer));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<JsonNode> pathOrQuery(MethodArgumentTypeMismatchException e) {
        String type = e.getRequiredType() == null ? "another type" : switch (e.getRequiredType().getSimpleName()) {
            case "long", "Long", "int", "Integer" -> "a whole number";
            case "boolean", "Boolean" -> "true or false";
            default -> e.getRequiredType().getSimpleName();
        };
        return engine(EngineException.invalidParameter(e.getName(), e.getName() + " must be " + type));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<JsonNode> unexpected(Exception e) {
        org.slf4j.LoggerFactory.getLogger(EngineErrors.class).error("engine request failed", e);
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_JSON)
                .body(Views.error("tillgate could not process the request", "internal error", e.getClass().getSimpleName(), null));
    }

    @ExceptionHandler(InvalidCampaignException.class)
    ResponseEntity<JsonNode> campaign(InvalidCampaignException e) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("message", "the campaign is invalid: " + e.getMessage());
        ArrayNode errors = body.putArray("errors");
        e.problems().forEach(p -> errors.addObject().put("title", p.title()).put("details", p.details())
                .putObject("source").put("pointer", p.pointer()));
        return ResponseEntity.badRequest().header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE).body(body);
    }
}
