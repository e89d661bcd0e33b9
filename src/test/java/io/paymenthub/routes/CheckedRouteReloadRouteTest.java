package io.paymenthub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.HubTestEnvironment;
import io.paymenthub.support.LogCapture;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reload of the default run (issue 10, route edits): an edited route file is live within seconds; an edit that
 * does not parse or names a bean the hub does not have is refused with its file and line in the log, and the route
 * that was running goes on answering. The hub runs on a copy of the project's routes in a folder of its own.
 */
class CheckedRouteReloadRouteTest extends HubRouteTestBase {

    private static final Path FOLDER = copyOfTheRoutes();
    private static final Path PROBE = FOLDER.resolve("probe/answerReloadProbe.yaml");
    /** the watcher polls every 2 s; generous for a loaded machine, and no measure of speed */
    private static final Duration LIVE = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void reloadOn(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        registry.add("hub.routes-dir", FOLDER::toString);
        registry.add("hub.routes.reload", () -> "true");
    }

    @Autowired
    ProducerTemplate producer;

    private static String probe(String answer, String extraStep) {
        return "- route:\n"
                + "    id: answerReloadProbe\n"
                + "    from:\n"
                + "      uri: direct:answerReloadProbe\n"
                + "      steps:\n"
                + extraStep
                + "        - setBody:\n"
                + "            constant: \"" + answer + "\"\n";
    }

    private String answer() {
        return producer.requestBody("direct:answerReloadProbe", "", String.class);
    }

    @Test
    void anEditIsLiveAndABrokenEditIsRefusedWithItsLineWhileTheRunningRouteStays() throws IOException {
        assertThat(answer()).isEqualTo("first");

        Files.writeString(PROBE, probe("second", ""));
        await().atMost(LIVE).until(() -> "second".equals(answer()));

        try (LogCapture log = LogCapture.start()) {
            Files.writeString(PROBE, probe("third", "        - bean:\n            ref: noSuchBeanForReload\n"));
            await().atMost(LIVE).until(() -> !log.containing(PROBE + ":7: no bean named 'noSuchBeanForReload'").isEmpty());
            assertThat(answer()).as("the running route stays").isEqualTo("second");

            Files.writeString(PROBE, "- route:\n    id: answerReloadProbe\n    from: [unclosed\n");
            await().atMost(LIVE).until(() -> !log.containing(PROBE + ":3: not valid YAML").isEmpty());
            assertThat(answer()).as("the running route stays").isEqualTo("second");
        }

        Files.writeString(PROBE, probe("fourth", ""));
        await().atMost(LIVE).until(() -> "fourth".equals(answer()));
    }

    private static Path copyOfTheRoutes() {
        try {
            Path target = Files.createTempDirectory("hub-reload-routes");
            Path source = Path.of("routes");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                }
            }
            Files.createDirectories(target.resolve("probe"));
            Files.writeString(target.resolve("probe/answerReloadProbe.yaml"), probe("first", ""));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
