package io.paymenthub.support;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged hub as a child process, for the integration tests that kill it: every start writes its
 * own log file in the run folder ({@code hub-<n>.log}, or {@code hub-<name>-<n>.log} for a named one),
 * the run folder is the working directory (no .env or config/ of a developer's checkout applies), and
 * a start waits until readiness answers 200.
 */
public final class HubProcess {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path jar;
    private final Path runDir;
    private final String name;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final int port;
    private volatile Process process;
    private int starts;
    private Path log;

    public HubProcess(Path jar, Path runDir, List<String> arguments) {
        this(jar, runDir, null, arguments, Map.of());
    }

    /**
     * @param name        for the log files when several hubs share a run folder, or null
     * @param environment variables set for the child in addition to this JVM's
     */
    public HubProcess(Path jar, Path runDir, String name, List<String> arguments, Map<String, String> environment) {
        this.jar = jar;
        this.runDir = runDir;
        this.name = name;
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        this.port = Integer.parseInt(arguments.stream().filter(a -> a.startsWith("--server.port="))
                .findFirst().orElseThrow().substring("--server.port=".length()));
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public void start() throws IOException {
        starts++;
        log = runDir.resolve(name == null ? "hub-" + starts + ".log" : "hub-" + name + "-" + starts + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(jar.toString());
        if (arguments.stream().noneMatch(a -> a.startsWith("--hub.embedded-broker.listen="))) {
            // the default run's broker door would bind the fixed ports 61616/61613, which a test's standalone broker or
            // another run may hold; a test that needs the door says so
            command.add("--hub.embedded-broker.listen=false");
        }
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            await("hub start " + starts + " ready (log " + log + ")").atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        requireAlive();
                        try {
                            return client.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                    .timeout(Duration.ofSeconds(5)).GET().build(),
                                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (RuntimeException | AssertionError e) {
            fail("The hub did not become ready: " + e.getMessage() + "\n" + tail(), e);
        }
    }

    /** @return true; throws when the hub exited (so a wait on it ends at once) */
    public boolean requireAlive() {
        Process current = process;
        if (current != null && !current.isAlive()) {
            throw new IllegalStateException("The hub exited with " + current.exitValue() + "\n" + tail());
        }
        return true;
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** SIGKILL on Linux: no shutdown hook, no graceful anything. */
    public void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        try {
            current.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM and wait for the graceful shutdown. */
    public void stop() throws InterruptedException {
        Process current = process;
        current.destroy();
        if (!current.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            kill();
            fail("The hub did not stop within " + STOP_TIMEOUT + " of SIGTERM\n" + tail());
        }
    }

    /** The current start's log file. */
    public Path logFile() {
        return log;
    }

    /** The last 60 lines of the current start's log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The newest executable {@code payment-hub-*.jar} in {@code target}; fails when {@code package} has not run. */
    public static Path executableJar(Path target) throws IOException {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, "payment-hub-*.jar")) {
                found.forEach(jars::add);
            }
        }
        jars.removeIf(jar -> jar.getFileName().toString().endsWith("-plain.jar"));
        if (jars.isEmpty()) {
            fail("No executable jar " + target + "/payment-hub-*.jar: this test runs after `package` (./mvnw verify)");
        }
        jars.sort(Comparator.comparing((Path jar) -> jar.toFile().lastModified()).reversed());
        return jars.get(0);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
