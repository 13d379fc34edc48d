package io.tillgate.gateway;

import io.tillgate.ingress.PosIngress;
import io.tillgate.pos.AcceptedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route {@code pos-send-transaction} as the unit, over HTTP (the REST DSL inlines it into its REST route):
 * its queue replaced by a mock, the worker not started. What
 * goes to the queue is the request as the door accepted it (its credential included), with its group and job id, and nothing of
 * the HTTP request; what the door refuses goes nowhere.
 */
@CamelSpringBootTest
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tillgate.pos.clients[0].key=demo-pos",
        "tillgate.pos.clients[0].secret=demo-secret",
        "tillgate.pos.clients[0].stores[0]=*",
        "tillgate.worker.auto-startup=false",
})
class SendTransactionRouteTest {
    @Autowired
    CamelContext camel;
    @EndpointInject("mock:queued")
    MockEndpoint queued;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("tillgate.data-dir", () -> Path.of("target/test-data/route-" + UUID.randomUUID()).toAbsolutePath().toString());
        registry.add("tillgate.broker.tcp.port", FreePorts::next);
    }

    private static boolean advised;

    /** The running route, its queue replaced (AdviceWith restarts it); this class's context is its own. */
    @BeforeEach
    void queueToMock() throws Exception {
        if (!advised) {
            AdviceWith.adviceWith(camel, "pos-send-transaction",
                    route -> route.weaveByToUri("jms:queue:*").replace().to("mock:queued"));
            advised = true;
        }
        queued.reset();
    }

    @LocalServerPort
    int port;

    private GatewayClient.Reply post(String body, String authorization) {
        return new GatewayClient(port).post("/api/2.0/send_transaction", authorization, "application/json", body);
    }

    @Test
    void anAcceptedRequestIsQueuedAsTheDoorReadItWithItsGroupAndJobIdOnly() throws Exception {
        String txn = "T-" + UUID.randomUUID();
        queued.expectedMessageCount(1);

        GatewayClient.Reply reply = post(envelope("store-1", "req-route-1", seed003Purchase(txn)).toString(), GatewayClient.DEMO);

        queued.assertIsSatisfied();
        assertThat(reply.status()).isEqualTo(200);
        String jobId = reply.json().at("/payload/job_id").asText();
        org.apache.camel.Message message = queued.getReceivedExchanges().get(0).getMessage();
        assertThat(message.getHeaders()).containsOnlyKeys("JMSXGroupID", PosIngress.JOB_ID_HEADER);
        assertThat(message.getHeader("JMSXGroupID")).isEqualTo("store-1:" + txn);
        assertThat(message.getHeader(PosIngress.JOB_ID_HEADER)).isEqualTo(jobId);
        AcceptedRequest accepted = AcceptedRequest.decode(message.getBody(String.class));
        assertThat(accepted.credential()).isEqualTo("demo-pos");
        assertThat(accepted.request().requestId()).isEqualTo("req-route-1");
        assertThat(accepted.request().transaction().transactionId()).isEqualTo(txn);
        assertThat(accepted.request().transaction().items()).hasSize(2);
        assertThat(accepted.warnings()).isEmpty();
    }

    @Test
    void aRefusedRequestGoesNowhere() throws Exception {
        queued.expectedMessageCount(0);

        GatewayClient.Reply malformed = post("{\"store_id\": ", GatewayClient.DEMO);
        GatewayClient.Reply stranger = post(envelope("store-1", "req-route-2", seed003Purchase("T-x")).toString(),
                GatewayClient.basic("demo-pos", "wrong"));

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(stranger.status()).isEqualTo(401);
        queued.assertIsSatisfied(200);
    }
}
