package io.paymenthub.routes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

/**
 * Checks every route file of a folder (sub-folders included) with {@link RouteFileCheck}, each against the hub and
 * the route configurations of the whole folder, and prints one {@code file:line: message} line per problem: the
 * form compilers, editors and CI annotations read.
 */
@Component("routeFolderCheck")
public class RouteFolderCheck {

    private final RouteFileCheck check;

    public RouteFolderCheck(RouteFileCheck check) {
        this.check = check;
    }

    /** @return the problems, each as {@code file:line: message}; empty: every file is valid */
    public List<String> check(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of(folder + ":1: not a folder");
        }
        try {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(folder)) {
                files = walk.filter(file -> file.toString().endsWith(".yaml") && Files.isRegularFile(file)).sorted().toList();
            }
            if (files.isEmpty()) {
                return List.of(folder + ":1: holds no route file (*.yaml)");
            }
            Set<String> configurations = new LinkedHashSet<>();
            for (Path file : files) {
                configurations.addAll(RouteFileCheck.configurationsIn(Files.readString(file, StandardCharsets.UTF_8)));
            }
            List<String> problems = new ArrayList<>();
            for (Path file : files) {
                check.check(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8), configurations)
                        .forEach(problem -> problems.add(problem.describe(file.toString())));
            }
            return problems;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + folder, e);
        }
    }

    /** Prints the result; @return the exit code: 0 when every file is valid, else 1 */
    public int report(Path folder, PrintStream out) {
        List<String> problems = check(folder);
        problems.forEach(out::println);
        out.println(problems.isEmpty() ? "Route files valid: " + folder
                : problems.size() + " problem(s) in the route files of " + folder);
        return problems.isEmpty() ? 0 : 1;
    }
}
