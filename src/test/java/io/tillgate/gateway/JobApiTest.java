package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/2.0/jobs/{job_id}: a till follows what became of its request: queued, processed, dead-lettered. */
class JobApiTest extends GatewayTest {
    private static final String STORE_2_TILL = GatewayClient.basic("store-2-till", "s2-secret");
    @Autowired
    CamelContext camel;

    private String send(String txn) {
        GatewayClient.Reply accepted = client.send(envelope("store-1", unique("r"), seed003Purchase(txn)));
        assertThat(accepted.status()).isEqualTo(200);
        return accepted.json().at("/payload/job_id").asText();
    }

    private JsonNode job(String jobId) {
        GatewayClient.Reply reply = client.get("/api/2.0/jobs/" + jobId, GatewayClient.DEMO);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void aQueuedJobIsShownQueuedThenProcessedWithItsOutcome() throws Exception {
        String txn = unique("T");
        String jobId;
        camel.getRouteController().stopRoute("transaction-worker");
        try {
            jobId = send(txn);
            JsonNode queued = job(jobId);
            assertThat(queued.get("status").asText()).isEqualTo("queued");
            assertThat(queued.get("store_id").asText()).isEqualTo("store-1");
            assertThat(queued.get("transaction_id").asText()).isEqualTo(txn);
            assertThat(queued.get("client_id").asText()).isEqualTo("pos-17");
            assertThat(queued.has("outcome")).isFalse();
        } finally {
            camel.getRouteController().startRoute("transaction-worker");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> job(jobId).get("status").asText().equals("processed"));
        JsonNode processed = job(jobId);
        assertThat(processed.at("/outcome/job_id").asText()).isEqualTo(jobId);
        assertThat(processed.at("/outcome/operation").asText()).isEqualTo("CLOSE");
        assertThat(processed.at("/outcome/session_operation").asText()).isEqualTo("update closed");
        assertThat(processed.at("/outcome/effects/2/effectType").asText()).isEqualTo("setDiscountPerItem");
        assertThat(processed.at("/outcome/effects/2/props/value").decimalValue()).isEqualByComparingTo("4.15");
        assertThat(processed.has("dead_letter")).isFalse();
    }

    @Test
    void aJobThatCanNeverSucceedIsShownDeadLetteredWithTheReason() {
        String txn = unique("T");
        corruptStoredOriginal(txn);
        String jobId = send(txn);
        await().atMost(Duration.ofSeconds(20)).until(() -> job(jobId).get("status").asText().equals("dead_lettered"));
        JsonNode dead = job(jobId).get("dead_letter");
        assertThat(dead.get("reason").asText()).startsWith("java.io.UncheckedIOException");
        assertThat(dead.get("attempts").isInt()).isTrue();
        assertThat(dead.get("attempts").asInt()).isEqualTo(5);
        assertThat(dead.get("failed_at").asText()).endsWith("Z");
    }

    @Test
    void aJobIdInCapitalsOrPercentEncodedIsTheSameJobUntilItsRequestIdIsForgotten() {
        String jobId = send(unique("T"));
        await().atMost(Duration.ofSeconds(15)).until(() -> job(jobId).get("status").asText().equals("processed"));
        assertThat(job(jobId.toUpperCase()).get("job_id").asText()).isEqualTo(jobId);
        assertThat(job(jobId.replaceFirst("-", "%2D")).get("job_id").asText()).isEqualTo(jobId);
        clock.advance(Duration.ofHours(24).plusMinutes(1)); // past tillgate.pos.idempotency-retention, before the purge
        assertThat(client.get("/api/2.0/jobs/" + jobId, GatewayClient.DEMO).status()).isEqualTo(404);
    }

    @Test
    void anotherClientsJobAnUnknownIdAndAMalformedIdAreRefused() throws Exception {
        String jobId = send(unique("T"));
        GatewayClient.Reply other = client.get("/api/2.0/jobs/" + jobId, STORE_2_TILL);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().at("/errors/0/code").asText()).isEqualTo("not_found");
        assertThat(other.json().at("/errors/0/field").asText()).isEqualTo("job_id");
        assertThat(client.get("/api/2.0/jobs/" + UUID.randomUUID(), GatewayClient.DEMO).status()).isEqualTo(404);
        GatewayClient.Reply malformed = client.get("/api/2.0/jobs/not-a-job", GatewayClient.DEMO);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/errors/0/code").asText()).isEqualTo("invalid_value");
        assertThat(malformed.json().at("/errors/0/field").asText()).isEqualTo("job_id");
        assertThat(client.get("/api/2.0/jobs/" + jobId, null).status()).isEqualTo(401);
        // a method the path does not take is that, whatever the body: not a body refused (outside the contract)
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/2.0/jobs/" + jobId))
                .header("Authorization", GatewayClient.DEMO).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(405);
        // credentials in the URL stand in for nothing: Camel would have made the query parameter a header
        String inUrl = "?AUTHORIZATION=" + GatewayClient.DEMO.replace(" ", "%20").replace("=", "%3D");
        for (String path : new String[]{"/api/2.0/jobs/" + jobId, "/api/2.0/transactions/store-1/T-1", "/api/2.0/openapi.json"}) {
            GatewayClient.Reply refused = client.get(path + inUrl, null);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("AUTHORIZATION");
        }
        assertThat(client.get("/api/2.0/jobs/" + jobId, GatewayClient.basic("demo-pos", "wrong")).status()).isEqualTo(401);
    }
}
