package io.paymenthub.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the hub loads its route files from ({@code hub.routes-dir}), decided once at start-up:
 * <ul>
 *   <li>not set (blank): the routes the project ships, inside the application's jar ({@value #SHIPPED});</li>
 *   <li>{@value #DEFAULT_DIR}, the default: the folder {@code routes} of the working directory when there is one
 *       (a checkout, the container image), else the shipped ones, so {@code java -jar} works from any folder;</li>
 *   <li>any other value: that folder, which must exist, be a readable folder and hold at least one {@code .yaml}
 *       file. An operator who names a folder means those routes: a typo must stop the hub, not start it silently
 *       on the shipped routes.</li>
 * </ul>
 */
public record RoutesFolder(String location, String reason) {

    public static final String PROPERTY = "hub.routes-dir";
    public static final String DEFAULT_DIR = "routes";
    /** The routes copied into the jar by the build (pom.xml, maven-resources-plugin). */
    public static final String SHIPPED = "classpath:routes";

    /**
     * @param configured         the value of {@value #PROPERTY}, or null
     * @param workingDir         the folder a relative value is taken from
     * @param shippedRoutesFound whether the jar (the class path) holds route files
     * @throws Refused when the configured folder cannot be used, saying which path and what is wrong
     */
    public static RoutesFolder resolve(String configured, Path workingDir, boolean shippedRoutesFound) {
        boolean fallbackAllowed = configured == null || configured.isBlank() || configured.strip().equals(DEFAULT_DIR);
        if (fallbackAllowed && (configured == null || configured.isBlank() || !Files.exists(workingDir.resolve(DEFAULT_DIR)))) {
            if (!shippedRoutesFound) {
                throw new Refused("Payment Hub refuses to start: " + PROPERTY + "=" + (configured == null ? "" : configured.strip())
                        + ": there is no folder " + workingDir.resolve(DEFAULT_DIR).toAbsolutePath().normalize()
                        + " and the application has no routes of its own (classpath:routes/)");
            }
            return new RoutesFolder(SHIPPED, configured == null || configured.isBlank() ? PROPERTY + " is not set"
                    : "there is no folder " + workingDir.resolve(DEFAULT_DIR).toAbsolutePath().normalize());
        }
        Path folder = workingDir.resolve(configured.strip()).toAbsolutePath().normalize();
        String problem = problem(folder);
        if (problem != null) {
            // a relative setting is shown with the folder it meant, so the line says where the hub looked
            String shown = folder.toString().equals(configured.strip()) ? configured.strip() : configured.strip() + " (" + folder + ")";
            throw new Refused("Payment Hub refuses to start: " + PROPERTY + "=" + shown + " " + problem);
        }
        return new RoutesFolder("file:" + folder, PROPERTY + "=" + configured.strip());
    }

    private static String problem(Path folder) {
        if (!Files.exists(folder)) {
            return "does not exist";
        }
        if (!Files.isDirectory(folder)) {
            return "is not a folder";
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            return "cannot be read";
        }
        try (Stream<Path> files = Files.walk(folder)) {
            if (files.noneMatch(file -> file.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(file))) {
                return "holds no route file (*.yaml)";
            }
        } catch (IOException | UncheckedIOException e) {
            return "cannot be read: " + e.getMessage();
        }
        return null;
    }

    /** The routes folder cannot be used; the message says which path and what is wrong. */
    public static class Refused extends IllegalStateException {
        public Refused(String message) {
            super(message);
        }
    }
}
