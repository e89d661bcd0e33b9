package io.paymenthub.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route reload (a file of the routes folder that changes is loaded again, within the watcher's 2 s poll), with
 * {@link RouteFileCheck} in front of it: a changed file that does not parse, that Camel's schema or model refuses, or
 * that names a bean, setting or error policy the hub does not have is not reloaded. Its file, line and message are
 * logged, and the routes that were running go on running (Camel's reload removes a file's running routes before it
 * adds the new ones, so a route that then fails to be created would be gone). A deleted file is Camel's to handle.
 */
public class CheckedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger log = LoggerFactory.getLogger(CheckedRouteReload.class);

    private final Path folder;
    private final RouteFileCheck check;

    public CheckedRouteReload(Path folder, RouteFileCheck check) {
        super(folder.toString(), true);
        this.folder = folder;
        this.check = check;
        setPattern("*.yaml");
        // a file's routes are replaced one by one; removing every route on each change fails on 4.18 (stack notes)
        setRemoveAllRoutes(false);
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        List<String> problems = new ArrayList<>();
        Set<String> configurations = configurationsOfTheFolder();
        for (Resource resource : resources) {
            if (!resource.exists()) {
                continue;
            }
            String location = resource.getLocation().replaceFirst("^file:", "");
            String fileName = Path.of(location).getFileName().toString();
            check.check(fileName, read(resource), configurations)
                    .forEach(problem -> problems.add(problem.describe(location)));
        }
        if (!problems.isEmpty()) {
            for (String problem : problems) {
                log.error("Route file not reloaded, the running routes stay as they were: {}", problem);
            }
            return;
        }
        super.onRouteReload(resources, removeEverything);
    }

    private Set<String> configurationsOfTheFolder() {
        Set<String> ids = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".yaml") && Files.isRegularFile(file)).toList()) {
                ids.addAll(RouteFileCheck.configurationsIn(Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot read the route configurations of {}: {}", folder, e.getMessage());
        }
        return ids;
    }

    private static String read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource.getLocation(), e);
        }
    }
}
