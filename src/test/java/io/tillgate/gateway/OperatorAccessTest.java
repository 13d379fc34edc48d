package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import io.tillgate.ops.QueueDepths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jms.core.JmsTemplate;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator surfaces (actuator, Hawtio, Jolokia) behind users and roles, as curl and a browser reach them. */
@ExtendWith(OutputCaptureExtension.class)
class OperatorAccessTest extends GatewayTest {
    private static final String WORKER_ROUTE = "org.apache.camel:context=tillgate,type=routes,name=\\\"pos-get-transaction\\\"";
    private static final String QUEUE = "org.apache.activemq.artemis:broker=\\\"localhost\\\",component=addresses,"
            + "address=\\\"tillgate.transactions.DLQ\\\",subcomponent=queues,routing-type=\\\"anycast\\\",queue=\\\"tillgate.transactions.DLQ\\\"";

    @Autowired
    CamelContext camel;
    @Autowired
    JmsTemplate jms;
    @Autowired
    QueueDepths queues;

    private GatewayClient.Reply jolokia(String authorization, String request) {
        return client.post("/actuator/jolokia", authorization, "application/json", request);
    }

    private static String exec(String mbean, String operation) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\"}";
    }

    @Test
    void everyOperatorSurfaceRefusesAStrangerWith401() {
        for (String path : new String[]{"/actuator", "/actuator/prometheus", "/actuator/metrics", "/actuator/deadletters",
                "/actuator/health/db", "/actuator/hawtio/jolokia/version", "/actuator/info"}) {
            assertThat(client.get(path, null).status()).as(path).isEqualTo(401);
        }
        assertThat(jolokia(null, exec(WORKER_ROUTE, "stop()")).status()).isEqualTo(401);
        assertThat(client.post("/actuator/hawtio/jolokia", null, "application/json", exec(WORKER_ROUTE, "stop()")).status()).isEqualTo(401);
        assertThat(client.post("/actuator/deadletters", null, "application/json", "{}").status()).isEqualTo(401);
        assertThat(client.get("/actuator/prometheus", GatewayClient.basic("viewer", "wrong")).status()).isEqualTo(401);
        assertThat(camel.getRouteController().getRouteStatus("pos-get-transaction")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aBrowserWithoutASessionIsSentToTheLoginPage() {
        GatewayClient.Reply hawtio = client.execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/hawtio/"))
                .header("Accept", "text/html").GET().build());
        assertThat(hawtio.status()).isEqualTo(302);
        assertThat(hawtio.header("Location")).endsWith("/login");
        assertThat(client.get("/login", null).body()).contains("name=\"username\"", "name=\"password\"");
    }

    @Test
    void healthShowsItsStatusToAnyoneAndItsDetailsToViewers() {
        JsonNode bare = client.get("/actuator/health", null).json();
        assertThat(bare.get("status").asText()).isEqualTo("UP");
        assertThat(bare.has("components")).isFalse();
        JsonNode detailed = client.get("/actuator/health", GatewayClient.VIEWER).json();
        assertThat(detailed.at("/components/transactionQueue/status").asText()).isEqualTo("UP");
        assertThat(detailed.at("/components/camelHealth/status").asText()).isEqualTo("UP");
    }

    @Test
    void aViewerReadsButEveryWriteIsRefused() {
        assertThat(client.get("/actuator/prometheus", GatewayClient.VIEWER).status()).isEqualTo(200);
        assertThat(client.get("/actuator/deadletters", GatewayClient.VIEWER).status()).isEqualTo(200);
        assertThat(client.get("/actuator/hawtio/", GatewayClient.VIEWER).status()).isEqualTo(200);
        JsonNode read = jolokia(GatewayClient.VIEWER, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}").json();
        assertThat(read.get("status").asInt()).isEqualTo(200);
        JsonNode dump = jolokia(GatewayClient.VIEWER, exec(WORKER_ROUTE, "dumpRouteAsXml()")).json();
        assertThat(dump.get("status").asInt()).isEqualTo(200);
        assertThat(dump.get("value").asText()).contains("pos-get-transaction");

        assertThat(client.post("/actuator/deadletters", GatewayClient.VIEWER, "application/json", "{}").status()).isEqualTo(403);
        assertThat(client.execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/deadletters"))
                .header("Authorization", GatewayClient.VIEWER).DELETE().build()).status()).isEqualTo(403);
        JsonNode stop = jolokia(GatewayClient.VIEWER, exec(WORKER_ROUTE, "stop()")).json();
        assertThat(stop.get("status").asInt()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("pos-get-transaction")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void anOperatorStopsAndStartsARouteAndEachActionIsAudited(CapturedOutput log) {
        double before = auditCount("jmx.exec", "allowed");
        JsonNode stop = jolokia(GatewayClient.OPERATOR, exec(WORKER_ROUTE, "stop()")).json();
        assertThat(stop.get("status").asInt()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("pos-get-transaction")).isEqualTo(ServiceStatus.Stopped);
        JsonNode start = jolokia(GatewayClient.OPERATOR, exec(WORKER_ROUTE, "start()")).json();
        assertThat(start.get("status").asInt()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("pos-get-transaction")).isEqualTo(ServiceStatus.Started);

        assertThat(log.getOut()).contains("tillgate.audit", "user=operator action=jmx.exec target=\"" + WORKER_ROUTE.replace("\\\"", "'")
                + " stop()\" result=allowed");
        assertThat(auditCount("jmx.exec", "allowed")).isEqualTo(before + 2);
    }

    @Test
    void anOperatorReplaysAndDiscardsDeadLettersAndEachIsAudited(CapturedOutput log) {
        String replayed = UUID.randomUUID().toString();
        String discarded = UUID.randomUUID().toString();
        for (String jobId : new String[]{replayed, discarded}) {
            deadLetter(jobId);
        }
        GatewayClient.Reply discard = client.execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/deadletters?jobId=" + discarded)).header("Authorization", GatewayClient.OPERATOR).DELETE().build());
        assertThat(discard.status()).isEqualTo(200);
        assertThat(discard.json().get("discarded").asInt()).isEqualTo(1);
        GatewayClient.Reply replay = client.post("/actuator/deadletters", GatewayClient.OPERATOR, "application/json",
                "{\"jobId\":\"" + replayed + "\"}");
        assertThat(replay.json().get("replayed").asInt()).isEqualTo(1);
        assertThat(log.getOut()).contains("user=operator action=deadletters.discard target=\"" + discarded + "\" result=discarded count=1",
                "user=operator action=deadletters.replay target=\"" + replayed + "\" result=replayed count=1");
        assertThat(auditCount("deadletters.discard", "discarded")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDeadLetterRequestThatDoesNotSayWhichIsRefusedNeverTakenForAll() {
        String jobId = UUID.randomUUID().toString();
        deadLetter(jobId);
        long kept = countDeadLetters();
        assertThat(client.post("/actuator/deadletters", GatewayClient.OPERATOR, "application/json",
                "{\"jobId\":\"" + "x".repeat(5_000) + "\"}").status()).isEqualTo(413);
        for (String body : new String[]{"{}", "{\"jobID\":\"" + jobId + "\"}", "{\"all\":false}", "[]", "not json", "",
                "{\"jobId\":\"x\",\"all\":true}"}) {
            GatewayClient.Reply refused = client.post("/actuator/deadletters", GatewayClient.OPERATOR, "application/json", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
        }
        GatewayClient.Reply misspelt = client.execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/deadletters?job_id=" + jobId)).header("Authorization", GatewayClient.OPERATOR).DELETE().build());
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.json().get("field").asText()).isEqualTo("job_id");
        GatewayClient.Reply none = client.execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/deadletters")).header("Authorization", GatewayClient.OPERATOR).DELETE().build());
        assertThat(none.status()).isEqualTo(400);
        assertThat(countDeadLetters()).isEqualTo(kept);
    }

    @Test
    void jvmAndDestructiveBrokerOperationsAreRefusedForEveryRoleAndChangeNothing() {
        String jobId = UUID.randomUUID().toString();
        deadLetter(jobId);
        long kept = countDeadLetters();
        for (String who : new String[]{GatewayClient.VIEWER, GatewayClient.OPERATOR}) {
            for (String request : new String[]{
                    exec(QUEUE, "removeAllMessages()"),
                    exec("org.apache.activemq.artemis:broker=\\\"localhost\\\"", "deleteAddress(java.lang.String)"),
                    exec("org.apache.activemq.artemis:broker=\\\"localhost\\\"", "destroyQueue(java.lang.String)"),
                    exec("java.lang:type=Memory", "gc()"),
                    exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap(java.lang.String,boolean)"),
                    exec("org.apache.camel:type=routes,*", "stop()"),
                    "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
                    "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"}"}) {
                JsonNode answer = jolokia(who, request).json();
                assertThat(answer.get("status").asInt()).as(request).isEqualTo(403);
            }
        }
        assertThat(countDeadLetters()).isEqualTo(kept);
        assertThat(camel.getRouteController().getRouteStatus("transaction-worker")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void jolokiaRefusesGetRequestsAndForeignOrigins() {
        double allowedBefore = auditCount("jmx.exec", "allowed");
        GatewayClient.Reply overGet = client.get("/actuator/jolokia/exec/org.apache.camel:context=tillgate,type=routes,name=%22pos-get-transaction%22/stop()",
                GatewayClient.OPERATOR);
        assertThat(overGet.status()).isEqualTo(405);
        assertThat(overGet.json().get("error").asText()).isEqualTo("Jolokia takes POST requests only; GET answers version alone");
        assertThat(auditCount("jmx.exec", "allowed")).isEqualTo(allowedBefore); // refused before Jolokia judged the operation
        assertThat(client.get("/actuator/hawtio/jolokia/version", GatewayClient.VIEWER).json().get("status").asInt()).isEqualTo(200);
        GatewayClient.Reply foreign = client.execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/jolokia"))
                .header("Authorization", GatewayClient.OPERATOR).header("Origin", "https://evil.example")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(exec(WORKER_ROUTE, "stop()"))).build());
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("pos-get-transaction")).isEqualTo(ServiceStatus.Started);
        GatewayClient.Reply preflight = client.execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/jolokia"))
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void aJolokiaRequestIsBoundedInSizeCountListsAndTypesBeforeJolokiaReadsIt() {
        String reads = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}";
        GatewayClient.Reply most = jolokia(GatewayClient.VIEWER, "[" + String.join(",", java.util.Collections.nCopies(500, reads)) + "]");
        assertThat(most.status()).isEqualTo(200);
        assertThat(most.json().size()).isEqualTo(500);
        GatewayClient.Reply tooMany = jolokia(GatewayClient.VIEWER, "[" + String.join(",", java.util.Collections.nCopies(501, reads)) + "]");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("error").asText()).isEqualTo("a bulk request may hold at most 500 requests, not 501");
        String list = "{\"type\":\"list\"}";
        assertThat(jolokia(GatewayClient.VIEWER, "[" + list + "," + list + "," + list + "]").status()).isEqualTo(400);
        GatewayClient.Reply notification = jolokia(GatewayClient.VIEWER, "{\"type\":\"notification\",\"command\":\"register\"}");
        assertThat(notification.status()).isEqualTo(403);
        assertThat(notification.json().get("error").asText()).startsWith("request type 'notification' is not allowed");
        assertThat(jolokia(GatewayClient.VIEWER, "{\"type\":\"version\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}").status())
                .isEqualTo(413);
        assertThat(jolokia(null, "[" + list + "," + list + "," + list + "]").status()).isEqualTo(401); // nothing is read before the login
    }

    @Test
    void aForeignPageCannotLogABrowserInOrOut() {
        GatewayClient.Reply login = client.execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Origin", "https://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=demo-secret")).build());
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.header("Set-Cookie")).isNull();
        GatewayClient.Reply logout = client.execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/logout"))
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(logout.status()).isEqualTo(403);
    }

    /** A message in the dead-letter queue, as the worker leaves one it can never process. */
    /** Puts a dead letter in place, and returns once the queue shows it (the broker adds it on its own thread). */
    private void deadLetter(String jobId) {
        jms.convertAndSend("tillgate.transactions.DLQ", "this is not JSON", m -> {
            m.setStringProperty("tillgateJobId", jobId);
            return m;
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> Boolean.TRUE.equals(
                jms.browseSelected("tillgate.transactions.DLQ", "tillgateJobId = '" + jobId + "'", (session, browser) ->
                        browser.getEnumeration().hasMoreElements())));
    }

    private long countDeadLetters() {
        return queues.deadLetters();
    }

    private double auditCount(String action, String result) {
        String metrics = client.get("/actuator/prometheus", GatewayClient.VIEWER).body();
        return metrics.lines().filter(l -> l.startsWith("tillgate_operator_actions_total{") && l.contains("action=\"" + action + "\"")
                        && l.contains("result=\"" + result + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
