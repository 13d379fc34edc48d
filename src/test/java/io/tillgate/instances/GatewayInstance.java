package io.tillgate.instances;

import io.tillgate.gateway.GatewayClient;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built jar as a process of its own, configured for an external broker and PostgreSQL with the
 * environment variables the README gives an operator. Its working directory is the project's, where
 * {@code routes/}, {@code mappings/} and {@code campaigns/} are.
 */
final class GatewayInstance implements AutoCloseable {
    /** Retries after 50 ms rather than a second, so that a test sees them settle; warnings only in the log. */
    static final List<String> QUICK_RETRIES = List.of("--tillgate.broker.redelivery-delay=50ms",
            "--tillgate.broker.max-redelivery-delay=200ms", "--logging.level.root=WARN");

    private final String name;
    private final int port;
    private final Path dataDir;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private Process process;

    GatewayInstance(String name, int port, Path dataDir, Map<String, String> environment, List<String> arguments) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
        this.environment = environment;
        this.arguments = arguments;
    }

    /** The environment of the README's "External broker and PostgreSQL" section. */
    static Map<String, String> external(String brokerUrl, String jdbcUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_ARTEMIS_MODE", "native");
        env.put("SPRING_ARTEMIS_EMBEDDED_ENABLED", "false");
        env.put("SPRING_ARTEMIS_BROKER_URL", brokerUrl);
        env.put("SPRING_ARTEMIS_USER", StandaloneBroker.USER);
        env.put("SPRING_ARTEMIS_PASSWORD", StandaloneBroker.PASSWORD);
        env.put("SPRING_DATASOURCE_URL", jdbcUrl);
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        env.put("SPRING_DATASOURCE_PASSWORD", "");
        return env;
    }

    static Path jar() {
        String jar = System.getProperty("tillgate.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("the built jar (tillgate.jar = " + jar + ") is missing: run through ./mvnw verify");
        }
        return Path.of(jar);
    }

    int port() {
        return port;
    }

    GatewayClient client() {
        return new GatewayClient(port);
    }

    void start() throws Exception {
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar().toString(), "--server.port=" + port, "--tillgate.data-dir=" + dataDir));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dataDir + ".log")));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Starts the instances together, then waits for each: their start-ups overlap. */
    static void startAll(GatewayInstance... instances) throws Exception {
        for (GatewayInstance instance : instances) {
            instance.start();
        }
        for (GatewayInstance instance : instances) {
            instance.awaitUp();
        }
    }

    /** Waits until the gateway answers its health probe, as a load balancer would. */
    void awaitUp() throws Exception {
        GatewayClient probe = client();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (probe.get("/actuator/health", null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped at start: see " + dataDir + ".log");
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not start within 120 s: see " + dataDir + ".log");
    }

    /** Sends the process a signal by name ({@code STOP} freezes it with its connections open, {@code CONT} thaws it). */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            signal("CONT"); // a frozen process would not act on the TERM
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (:" + port + ")";
    }
}
