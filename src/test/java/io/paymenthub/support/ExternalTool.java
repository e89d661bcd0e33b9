package io.paymenthub.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A command-line checker a test runs (promtool, kubectl...): found on the PATH, else the test is skipped, unless
 * {@code HUB_IT_REQUIRE_EXTERNAL=true} (set by .ci/run, which installs them) makes a missing tool a failure. Each run is
 * bounded in time.
 */
public final class ExternalTool {

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    public static ExternalTool require(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return new ExternalTool(candidate);
            }
        }
        String missing = name + " is not on the PATH (Debian package " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("HUB_IT_REQUIRE_EXTERNAL"))) {
            fail(missing + ", and HUB_IT_REQUIRE_EXTERNAL is set");
        }
        Assumptions.abort(missing);
        return null;
    }

    /**
     * Runs the tool with {@code stdin} as its standard input (null for none); output is stdout and stderr together.
     * Input and output go through files, so the timeout bounds the whole run: a tool that hangs without reading its
     * input or closing its output cannot block the test.
     */
    public Result run(String stdin, Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        Path input = Files.createTempFile("external-tool", ".in");
        Path output = Files.createTempFile("external-tool", ".out");
        try {
            Files.writeString(input, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(input.toFile()).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(command + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }

    public record Result(int exitCode, String output) { }
}
