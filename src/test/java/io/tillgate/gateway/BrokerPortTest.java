package io.tillgate.gateway;

import io.tillgate.TillgateApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A second instance on one machine whose broker port is taken does not half start: it stops, saying why. */
class BrokerPortTest {

    @Test
    void aGatewayWhoseBrokerPortIsTakenStopsItsStartWithOneClearError() throws Exception {
        String data = Path.of("target/test-data/port-" + UUID.randomUUID()).toAbsolutePath().toString();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(TillgateApplication.class).run(
                    "--server.port=0", "--tillgate.data-dir=" + data, "--tillgate.broker.tcp.port=" + taken.getLocalPort()))
                    .hasStackTraceContaining("the embedded broker cannot listen on 0.0.0.0:" + taken.getLocalPort()
                            + " (tillgate.broker.tcp.port)");
            assertThat(taken.isBound()).isTrue();
        }
    }
}
