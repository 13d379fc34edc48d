package io.tillgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/2.0/openapi.json}: the OpenAPI description of the POS API ({@code openapi/pos-api.yaml}),
 * for POS clients, as JSON. The test suite checks its own requests and answers against the same document.
 */
@Component("posApiDocument")
public class PosApiDocument {
    public static final String LOCATION = "openapi/pos-api.yaml";
    private final PosClients clients;
    private final String json;

    public PosApiDocument(PosClients clients) {
        this.clients = clients;
        this.json = read().toString();
    }

    public static JsonNode read() {
        try (InputStream in = PosApiDocument.class.getClassLoader().getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(LOCATION + " is not on the class path");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void serve(Exchange exchange) {
        if (clients.authenticate(exchange.getMessage().getHeader("Authorization", String.class)).isEmpty()) {
            PosIngress.unauthorized(exchange);
            return;
        }
        PosIngress.replyBody(exchange, 200, json);
    }
}
