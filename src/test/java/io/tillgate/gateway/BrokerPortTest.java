package io.tillgate.gateway;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second instance on one machine whose broker port is taken does not half start: the process stops, saying
 * why, with no flood of reconnect traces. Its own JVM, as an operator would start it.
 */
class BrokerPortTest {

    @Test
    void aGatewayWhoseBrokerPortIsTakenStopsItsStartWithOneClearError() throws Exception {
        Path data = Path.of("target/test-data/port-" + UUID.randomUUID()).toAbsolutePath();
        Path log = Path.of(data + ".log");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process gateway = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "io.tillgate.TillgateApplication", "--server.port=" + FreePorts.next(), "--tillgate.data-dir=" + data,
                    "--tillgate.broker.tcp.port=" + taken.getLocalPort(), "--spring.jmx.enabled=false")
                    .redirectErrorStream(true).redirectOutput(new File(log.toString())).start();
            boolean exited = gateway.waitFor(90, TimeUnit.SECONDS);
            if (!exited) {
                gateway.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(exited).as("the gateway stopped by itself (log: " + log + ")").isTrue();
            assertThat(gateway.exitValue()).isNotZero();
            assertThat(output).contains("the embedded broker cannot listen on 0.0.0.0:" + taken.getLocalPort()
                    + " (tillgate.broker.tcp.port)");
            assertThat(output).doesNotContain("reconnecting in", "Tomcat started on port");
        }
    }
}
