package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static io.tillgate.gateway.StompFrames.frame;
import static io.tillgate.gateway.StompFrames.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every listener encrypted: the HTTP APIs through Spring Boot's {@code server.ssl.*} and the broker's TCP
 * acceptor through {@code tillgate.broker.tcp.tls.*}, with a self-signed certificate this test makes with the
 * JDK's keytool. A POS posts over HTTPS; a STOMP consumer over TLS receives the sale's session event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tillgate.broker.redelivery-delay=50ms",
        "spring.jmx.enabled=false",
})
class TlsListenersTest {
    private static final Path DIR = Path.of("target/test-data/tls-" + UUID.randomUUID()).toAbsolutePath();
    private static final Path KEY_STORE = DIR.resolve("tillgate.p12");
    private static final String PASSWORD = "tls-test-password";
    private static final int BROKER_PORT = FreePorts.next();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(DIR);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "tillgate", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", KEY_STORE.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        registry.add("tillgate.data-dir", DIR::toString);
        registry.add("server.ssl.key-store", KEY_STORE::toString);
        registry.add("server.ssl.key-store-password", () -> PASSWORD);
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("tillgate.broker.tcp.port", () -> BROKER_PORT);
        registry.add("tillgate.broker.tcp.tls.key-store", KEY_STORE::toString);
        registry.add("tillgate.broker.tcp.tls.key-store-password", () -> PASSWORD);
    }

    /** Trusts exactly the test's own certificate. */
    private static SSLContext trustingOurCertificate() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEY_STORE)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("tillgate", store.getCertificate("tillgate"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void aPosPostsOverHttpsAndAStompConsumerReadsTheEffectsOverTls() throws Exception {
        SSLContext tls = trustingOurCertificate();
        String txn = "TLS-" + UUID.randomUUID().toString().substring(0, 8);
        try (SSLSocket stomp = (SSLSocket) tls.getSocketFactory().createSocket("localhost", BROKER_PORT)) {
            stomp.setSoTimeout(20_000);
            OutputStream out = stomp.getOutputStream();
            InputStream in = stomp.getInputStream();
            send(out, "CONNECT\naccept-version:1.2\nhost:localhost\nlogin:effects-reader\npasscode:demo-secret\n\n");
            assertThat(frame(in)).startsWith("CONNECTED");
            send(out, "SUBSCRIBE\nid:1\ndestination:tillgate.effects\nsubscription-type:MULTICAST\nselector:transactionId = '"
                    + txn + "'\nreceipt:subscribed\n\n");
            assertThat(frame(in)).startsWith("RECEIPT\nreceipt-id:subscribed");

            HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
            HttpResponse<String> posted = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/2.0/send_transaction"))
                    .header("Authorization", GatewayClient.DEMO).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(envelope("store-1", "r-" + txn, seed003Purchase(txn)).toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(200);

            String message = frame(in);
            assertThat(message).startsWith("MESSAGE");
            JsonNode event = Json.parse(message.substring(message.indexOf("\n\n") + 2));
            assertThat(event.get("transactionId").asText()).isEqualTo(txn);
            assertThat(event.get("eventType").asText()).isEqualTo("session.closed");
        }
    }

    @Test
    void plainTextIsNotSpokenOnEitherListener() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        HttpResponse<String> http = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(http.statusCode()).isEqualTo(400); // Tomcat: "This combination of host and port requires TLS."
        SSLContext untrusting = SSLContext.getInstance("TLS");
        untrusting.init(null, null, null);
        assertThatThrownBy(() -> {
            try (SSLSocket socket = (SSLSocket) untrusting.getSocketFactory().createSocket("localhost", BROKER_PORT)) {
                socket.startHandshake();
            }
        }).isInstanceOf(SSLHandshakeException.class);
        try (Socket socket = new Socket("localhost", BROKER_PORT)) {
            socket.setSoTimeout(5_000);
            send(socket.getOutputStream(), "CONNECT\naccept-version:1.2\nhost:localhost\nlogin:effects-reader\npasscode:demo-secret\n\n");
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (IOException closedOrTimedOut) {
                // the acceptor drops a client that does not speak TLS
            }
            assertThat(answer.toString(StandardCharsets.ISO_8859_1)).doesNotContain("CONNECTED");
        }
    }
}
