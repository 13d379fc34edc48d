package io.tillgate.ingress;

import io.tillgate.translate.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import io.tillgate.pos.ArithmeticPolicy;
import io.tillgate.engine.sql.Dialect;
import io.tillgate.store.Outcome;
import io.tillgate.store.OutcomeEvents;
import io.tillgate.store.TransactionStore;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionQueryTest {
    private final TransactionStore store;
    private final TransactionQuery query;

    TransactionQueryTest() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:query-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        store = new TransactionStore(JdbcClient.create(ds), new Dialect(ds));
        PosProperties pos = new PosProperties(List.of(new PosProperties.Client("demo-pos", "demo-secret", List.of("*"))),
                ArithmeticPolicy.WARN, DataSize.ofMegabytes(5), Duration.ofHours(24), Duration.ofMinutes(5));
        query = new TransactionQuery(new PosClients(pos), store);
    }

    private JsonNode view(String storeId, String transactionId, int status) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("store_id", storeId);
        exchange.getMessage().setHeader("transaction_id", transactionId);
        exchange.getMessage().setHeader("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("demo-pos:demo-secret".getBytes(StandardCharsets.UTF_8)));
        query.view(exchange);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(status);
        return Json.parse(exchange.getMessage().getBody(String.class));
    }

    @Test
    void aTransactionWhoseOnlyRequestWasRejectedShowsItsOutcomeWithoutOriginalOrSession() {
        Instant at = Instant.parse("2026-03-01T10:04:12Z");
        store.record("store-9", "T-1", new Outcome("job-1", "req-1", "pos-17", at, Operation.REJECTED, "unmapped_store",
                Json.MAPPER.createObjectNode().put("reason", "unmapped_store"), List.of(), at, null, Json.MAPPER.createArrayNode()), new OutcomeEvents(null, List.of(), List.of()));
        JsonNode view = view("store-9", "T-1", 200);
        assertThat(view.get("session").isNull()).isTrue();
        assertThat(view.get("original").isNull()).isTrue();
        assertThat(view.at("/outcomes/0/operation").asText()).isEqualTo("REJECTED");
        assertThat(view.at("/outcomes/0/reason").asText()).isEqualTo("unmapped_store");
        assertThat(view.get("outcomes").size()).isEqualTo(1);
    }

    @Test
    void aTransactionNothingWasProcessedForIs404() {
        assertThat(view("store-9", "never-sent", 404).at("/errors/0/code").asText()).isEqualTo("not_found");
    }
}
