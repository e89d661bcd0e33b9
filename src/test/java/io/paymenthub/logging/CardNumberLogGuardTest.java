package io.paymenthub.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No full card number in any log line, whatever wrote it (issue 7 #3, PCI DSS 3.4.1, contract sections 3 and
 * 7): the real console output of an application with the hub's logging set-up, in a JVM of its own so that
 * logback is configured from scratch as in production, in the plain and in the JSON format. Start-up lines
 * count too: the active profile's name, logged by Spring Boot before any bean exists, holds a card number.
 */
class CardNumberLogGuardTest {

    private static final List<String> CARD_NUMBERS = List.of(
            "5555555555554444", "4000000000002503", "5200000000002151", "4000000000003220", "4222222222222");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runDir;

    @Test
    void plainLinesShowFirst6AndLast4Only() throws Exception {
        String output = run("plain");

        assertThat(output).contains("in the message: card 400000******2503 charged")
                .contains("in an argument: paymentId=pay_555555******4444")
                .contains("profile is active: \"card-555555******4444\"")
                .contains("java.lang.IllegalStateException: refused:\n400000******3220")
                .contains("Caused by: java.lang.IllegalArgumentException: cause for card 422222***2222")
                .contains("with the card in the MDC");
        CARD_NUMBERS.forEach(number -> assertThat(output).doesNotContain(number));
    }

    @Test
    void jsonLinesShowFirst6AndLast4OnlyAndStayJson() throws Exception {
        String output = run("json");

        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(messages(lines)).contains("in the message: card 400000******2503 charged",
                "in an argument: paymentId=pay_555555******4444", "with the card in the MDC");
        assertThat(messages(lines)).anyMatch(message -> message.contains("profile is active: \"card-555555******4444\""));
        JsonNode withMdc = lines.stream().filter(line -> line.path("message").asText().equals("with the card in the MDC"))
                .findFirst().orElseThrow();
        assertThat(withMdc.path("cardInMdc").asText()).isEqualTo("520000******2151");
        JsonNode withException = lines.stream().filter(line -> line.path("message").asText().equals("in an exception"))
                .findFirst().orElseThrow();
        assertThat(withException.path("stack_trace").asText())
                .contains("java.lang.IllegalStateException: refused:\n400000******3220")
                .contains("Caused by: java.lang.IllegalArgumentException: cause for card 422222***2222");
        CARD_NUMBERS.forEach(number -> assertThat(output).doesNotContain(number));
    }

    private static List<String> messages(List<JsonNode> lines) {
        return lines.stream().map(line -> line.path("message").asText()).toList();
    }

    /** @return everything the application wrote to its console with {@code hub.log.format=<format>} */
    private String run(String format) throws IOException, InterruptedException {
        Path out = runDir.resolve("console-" + format + ".log");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CardLoggingApplication.class.getName(),
                "--hub.log.format=" + format, "--spring.profiles.active=card-5555555555554444")
                .directory(runDir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the application did not end within 60 s:\n" + Files.readString(out));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
