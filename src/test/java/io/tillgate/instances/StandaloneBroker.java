package io.tillgate.instances;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An Apache Artemis broker from the official distribution, made as the README tells an operator: an instance
 * from {@code artemis create} with its administrator, the project's {@code broker.xml} in its {@code etc/},
 * tillgate's user and a consumer's added with {@code artemis user add}. Runs as a process of its own, so it can
 * be killed.
 */
final class StandaloneBroker implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-test-secret";
    static final String USER = "tillgate";
    static final String PASSWORD = "broker-test-secret";
    static final String READER = "effects-reader";
    static final String READER_PASSWORD = "reader-test-secret";

    private final Path instance;
    private final int port;
    private final Map<String, String> properties;
    private Process process;

    private StandaloneBroker(Path instance, int port, Map<String, String> properties) {
        this.instance = instance;
        this.port = port;
        this.properties = properties;
    }

    /** The distribution Maven unpacked for the integration tests (see the pom), or the property's override. */
    static Path distribution() {
        String home = System.getProperty("tillgate.artemis.home");
        if (home == null) {
            throw new IllegalStateException("tillgate.artemis.home is not set: run through ./mvnw verify (failsafe sets it)");
        }
        return Path.of(home);
    }

    /**
     * Creates an instance under {@code dir} with the given {@code broker.xml}, and starts it. {@code properties}
     * are the broker's system properties ({@code ${name}} in broker.xml), the port among them.
     */
    static StandaloneBroker create(Path dir, Path brokerXml, int port, Map<String, String> properties) throws Exception {
        Files.createDirectories(dir.getParent());
        run(dir.getParent(), List.of(distribution().resolve("bin/artemis").toString(), "create", dir.toString(),
                "--user", ADMIN, "--password", ADMIN_PASSWORD, "--role", "amq", "--require-login", "--silent", "--no-web",
                "--no-autotune", "--java-memory", "512M"));
        Files.copy(brokerXml, dir.resolve("etc/broker.xml"), StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> all = new java.util.LinkedHashMap<>(properties);
        all.put("tillgate.broker.port", String.valueOf(port));
        all.put("tillgate.broker.host", "127.0.0.1");
        StandaloneBroker broker = new StandaloneBroker(dir, port, all);
        try {
            broker.start();
            broker.addUser(USER, PASSWORD, "gateway");
            broker.addUser(READER, READER_PASSWORD, READER);
            return broker;
        } catch (Exception | Error e) {
            broker.close(); // not yet the caller's to stop
            throw e;
        }
    }

    private void addUser(String name, String password, String role) throws Exception {
        String output = run(instance, List.of(instance.resolve("bin/artemis").toString(), "user", "add", "--user-command-user", name,
                "--user-command-password", password, "--role", role, "--user", ADMIN, "--password", ADMIN_PASSWORD,
                "--url", url()));
        if (!output.contains(name + " added successfully")) {
            throw new IllegalStateException("artemis user add " + name + ": " + output);
        }
    }

    /** Runs an artemis command to its end; its output, which is where some failures show (an exit code of 0). */
    private static String run(Path dir, List<String> command) throws Exception {
        List<String> bash = new ArrayList<>();
        bash.add("bash");
        bash.addAll(command);
        Path log = Files.createTempFile("artemis-cli", ".log");
        try {
            Process cli = new ProcessBuilder(bash).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!cli.waitFor(120, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                cli.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
            return Files.readString(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    ActiveMQConnectionFactory connections(String user, String password) {
        return new ActiveMQConnectionFactory(url(), user, password);
    }

    void start() throws Exception {
        StringBuilder args = new StringBuilder();
        properties.forEach((name, value) -> args.append(" -D").append(name).append('=').append(value));
        ProcessBuilder builder = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run")
                .directory(instance.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(instance + ".log")));
        builder.environment().put("JAVA_ARGS_APPEND", args.toString().trim());
        process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker stopped at start: see " + instance + ".log");
            }
            try (Socket probe = new Socket("127.0.0.1", port);
                 var connection = connections(ADMIN, ADMIN_PASSWORD).createConnection()) {
                return;
            } catch (IOException | jakarta.jms.JMSException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the broker did not listen within 60 s: see " + instance + ".log");
    }

    /** Messages in one of the broker's queues, delivered and unacknowledged ones included (its management, as admin). */
    long messageCount(String queue) throws Exception {
        return queueStat(queue, 4);
    }

    /** Messages ever added to one of the broker's queues. */
    long messagesAdded(String queue) throws Exception {
        return queueStat(queue, 5);
    }

    /** A column of {@code artemis queue stat}'s table: |NAME|ADDRESS|CONSUMER COUNT|MESSAGE COUNT|MESSAGES ADDED|… */
    private long queueStat(String queue, int column) throws Exception {
        String table = run(instance, List.of(instance.resolve("bin/artemis").toString(), "queue", "stat", "--queueName", queue,
                "--user", ADMIN, "--password", ADMIN_PASSWORD, "--url", url()));
        for (String row : table.split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length > column && cells[1].trim().equals(queue)) {
                return Long.parseLong(cells[column].trim());
            }
        }
        throw new IllegalStateException("artemis queue stat did not show " + queue + ": " + table);
    }

    /** Waits until the broker's log has printed {@code text} {@code times} times (a cluster bridge, say). */
    void awaitLog(String text, int times) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            String log = Files.readString(Path.of(instance + ".log"));
            if (log.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the broker did not log " + text + " " + times + " times within 60 s: see " + instance + ".log");
    }

    /** {@code kill -9}: no shutdown, the journal as the disk has it. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
