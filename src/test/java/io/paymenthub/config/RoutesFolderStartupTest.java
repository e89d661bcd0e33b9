package io.paymenthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The packaged application (no test profile) with a routes folder it cannot use stops with one line that says which
 * path and what is wrong, and where the routes come from when none is configured or found (issue 10, start-up).
 */
@ExtendWith(OutputCaptureExtension.class)
class RoutesFolderStartupTest {

    @TempDir
    Path workingDir;

    @Test
    void anExplicitFolderThatDoesNotExistStopsTheHubWithOneLineBeforeAnythingStarts(CapturedOutput output) {
        Path missing = workingDir.resolve("my-routes");
        Map<String, Object> properties = StandaloneHub.isolated();
        properties.put("hub.routes-dir", missing.toString());

        assertThatThrownBy(() -> StandaloneHub.start(properties).close()).isInstanceOf(RoutesFolder.Refused.class);

        String line = "Payment Hub refuses to start: hub.routes-dir=" + missing + " does not exist";
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START").contains(line + "\n")
                .doesNotContain("NoSuchFileException")
                .as("no stack trace").doesNotContain("\tat ")
                .as("refused before anything starts").doesNotContain("Tomcat started").doesNotContain("Flyway");
    }

    @Test
    void aBrokenRouteFileStopsTheHubWithTheFileAndTheLine(CapturedOutput output) throws IOException {
        Path routes = Files.createDirectories(workingDir.resolve("routes"));
        Path broken = routes.resolve("brokenRoute.yaml");
        Files.writeString(broken, """
                - route:
                    id: brokenRoute
                    from:
                      uri: direct:broken
                      steps:
                        - log: "one"
                       - log: "two"
                """);
        Map<String, Object> properties = StandaloneHub.isolated();
        properties.put("hub.routes-dir", routes.toString());

        assertThatThrownBy(() -> StandaloneHub.start(properties).close());

        assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                .containsPattern("Payment Hub refuses to start: route file " + java.util.regex.Pattern.quote(broken.toString())
                        + " line 7, column \\d+: [^\\n]+\\n")
                .as("no stack trace in the report").doesNotContain("\tat org.snakeyaml");
    }

    @Test
    void noFolderConfiguredOrTheDefaultFolderAbsentMeansTheShippedRoutes() {
        assertThat(RoutesFolder.resolve(null, workingDir, true).location()).isEqualTo("classpath:routes");
        assertThat(RoutesFolder.resolve(" ", workingDir, true).location()).isEqualTo("classpath:routes");
        assertThat(RoutesFolder.resolve("routes", workingDir, true).location()).isEqualTo("classpath:routes");
        assertThat(RoutesFolder.resolve("routes", workingDir, true).reason()).contains(workingDir.resolve("routes").toString());
    }

    @Test
    void theShippedRoutesAreEveryRouteFileOfTheProjectWithItsFolder() throws IOException {
        List<String> project;
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            project = files.filter(file -> file.toString().endsWith(".yaml"))
                    .map(file -> "classpath:" + file.toString().replace('\\', '/')).sorted().toList();
        }

        assertThat(RoutesFolderStartupCheck.shippedRouteFiles(getClass().getClassLoader()))
                .contains("classpath:routes/providers/callPlatform.yaml")
                .containsExactlyElementsOf(project);
    }

    @Test
    void theDefaultFolderWhenItIsThereAndAnyOtherFolderAlways() throws IOException {
        Path routes = Files.createDirectories(workingDir.resolve("routes/payments"));
        Files.writeString(routes.resolve("getPayment.yaml"), "- route: {}\n");
        Path own = Files.createDirectories(workingDir.resolve("operator-routes"));
        Files.writeString(own.resolve("getPayment.yaml"), "- route: {}\n");

        assertThat(RoutesFolder.resolve("routes", workingDir, true).location()).isEqualTo("file:" + workingDir.resolve("routes"));
        assertThat(RoutesFolder.resolve("operator-routes", workingDir, true).location()).isEqualTo("file:" + own);
        assertThat(RoutesFolder.resolve(own.toString(), workingDir, true).location()).isEqualTo("file:" + own);
    }

    @Test
    void aFolderThatCannotBeUsedIsRefusedWithItsPathAndWhatIsWrong() throws IOException {
        Path file = Files.writeString(workingDir.resolve("routes.txt"), "not a folder");
        Path empty = Files.createDirectories(workingDir.resolve("empty"));
        Files.writeString(empty.resolve("README.md"), "no routes here");

        assertThatThrownBy(() -> RoutesFolder.resolve("missing", workingDir, true))
                .hasMessage("Payment Hub refuses to start: hub.routes-dir=missing (" + workingDir.resolve("missing") + ") does not exist");
        assertThatThrownBy(() -> RoutesFolder.resolve(file.toString(), workingDir, true))
                .hasMessageEndingWith("hub.routes-dir=" + file + " is not a folder");
        assertThatThrownBy(() -> RoutesFolder.resolve("empty", workingDir, true))
                .hasMessageEndingWith("(" + empty + ") holds no route file (*.yaml)");
        assertThatThrownBy(() -> RoutesFolder.resolve(null, workingDir, false))
                .hasMessageContaining("the application has no routes of its own");
    }
}
