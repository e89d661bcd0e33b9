package io.paymenthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import io.paymenthub.support.HubProcess;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar} from a folder that has no {@code routes/}, with the default setting: the hub runs the routes
 * inside its jar (today's NoSuchFileException: routes, issue 10), and answers through them.
 */
class ShippedRoutesIT {

    @Test
    void javaJarFromAnotherFolderRunsTheRoutesInsideTheJar() throws Exception {
        Path projectDir = Path.of("").toAbsolutePath();
        Path runDir = Files.createDirectories(projectDir.resolve("target/shipped-routes-it-" + UUID.randomUUID()));
        assertThat(runDir.resolve("routes")).doesNotExist();
        HubProcess hub = new HubProcess(HubProcess.executableJar(projectDir.resolve("target")), runDir, List.of(
                "--server.port=" + HubProcess.freePort(), "--server.address=127.0.0.1", "--hub.log.format=plain"));
        try {
            hub.start();
            Properties sandbox = new Properties();
            try (var in = Files.newInputStream(runDir.resolve("data/sandbox-credentials.properties"))) {
                sandbox.load(in);
            }

            HttpResponse<String> payments = HttpClient.newHttpClient().send(HttpRequest.newBuilder(hub.uri("/api/payments?userId=user-shipped"))
                    .header("Authorization", "Bearer " + sandbox.getProperty("api-key")).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(payments.statusCode()).as("listPayments, from the jar: " + payments.body()).isEqualTo(200);
            String log = Files.readString(hub.logFile(), StandardCharsets.UTF_8);
            assertThat(log).contains("Routes from classpath:routes (there is no folder " + runDir.resolve("routes") + ")")
                    .doesNotContain("NoSuchFileException")
                    .as("every route of the project's files, sub-folders included")
                    .contains("Routes startup (total:" + routesOfTheProject(projectDir.resolve("routes")) + ")");
            assertThat(payments.body()).as("through the sandbox platform").contains("\"count\":");
        } finally {
            if (hub.isAlive()) {
                hub.stop();
            }
        }
    }

    /**
     * The routes (not the routeConfigurations) of the project's files that start with application.yml's settings: one
     * "- route:" a route, less those of a file whose {@code precondition: "{{setting}}"} is false there (the customer
     * confirmations, off by default).
     */
    private static long routesOfTheProject(Path routes) throws IOException {
        Properties settings = defaultSettings(routes.resolveSibling("src/main/resources/application.yml"));
        try (Stream<Path> files = Files.walk(routes)) {
            long count = 0;
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                List<String> lines = Files.readAllLines(file);
                boolean off = lines.stream().map(String::strip).filter(line -> line.startsWith("precondition: \"{{"))
                        .map(line -> line.substring("precondition: \"{{".length(), line.indexOf("}}")))
                        .anyMatch(setting -> "false".equals(settings.getProperty(setting)));
                if (!off) {
                    count += lines.stream().filter(line -> line.startsWith("- route:")).count();
                }
            }
            return count;
        }
    }

    private static Properties defaultSettings(Path applicationYml) {
        org.springframework.beans.factory.config.YamlPropertiesFactoryBean yaml =
                new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
        yaml.setResources(new org.springframework.core.io.FileSystemResource(applicationYml));
        return yaml.getObject();
    }
}
