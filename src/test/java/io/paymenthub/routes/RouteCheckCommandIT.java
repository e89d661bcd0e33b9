package io.paymenthub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.paymenthub.support.HubProcess;
import org.junit.jupiter.api.Test;

/**
 * The command-line route check an operator's CI runs ({@code scripts/check-routes <folder>}, on the packaged jar):
 * exit 0 for a folder of valid files, exit 1 with {@code file:line: message} for a broken one.
 */
class RouteCheckCommandIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private record Run(int exitCode, String output) {
    }

    private static Run checkRoutes(Path folder) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", PROJECT.resolve("scripts/check-routes").toString(), folder.toString())
                .redirectErrorStream(true);
        builder.environment().put("HUB_JAR", HubProcess.executableJar(PROJECT.resolve("target")).toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the check ends: " + output).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void theProjectsOwnRoutesPassWithExitCode0() throws Exception {
        Run run = checkRoutes(PROJECT.resolve("routes"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Route files valid");
    }

    @Test
    void aBrokenFileFailsWithExitCode1AndItsFileAndLine() throws Exception {
        Path folder = Files.createDirectories(PROJECT.resolve("target/route-check-it-" + UUID.randomUUID()));
        Files.copy(PROJECT.resolve("routes/payments/getPayment.yaml"), folder.resolve("getPayment.yaml"));
        Files.writeString(folder.resolve("pollSomething.yaml"), """
                - route:
                    id: pollSomething
                    routeConfigurationId: scheduledJobErrorPolicy
                    from:
                      uri: timer:pollSomething
                      steps:
                        - bean:
                            ref: noSuchBean
                """);
        Files.writeString(folder.resolve("notYaml.yaml"), "- route:\n    id: notYaml\n    from: [unclosed\n");

        Run run = checkRoutes(folder);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains(folder.resolve("pollSomething.yaml") + ":8: no bean named 'noSuchBean'")
                .contains(folder.resolve("notYaml.yaml") + ":3: not valid YAML")
                .doesNotContain("getPayment.yaml:");
    }
}
