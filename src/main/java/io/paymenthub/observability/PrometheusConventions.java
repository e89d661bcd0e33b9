package io.paymenthub.observability;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.springframework.stereotype.Component;

/**
 * Brings the meters the hub's libraries register into line with Prometheus's naming conventions, which
 * {@code promtool check metrics} enforces, without changing any value:
 * <ul>
 * <li>Camel names its route metrics' labels in camelCase ({@code camelContext}, {@code routeId}); they become
 * snake_case ({@code camel_context}, {@code route_id});</li>
 * <li>a meter registered without a description gets one, since Prometheus shows it as the series' HELP;</li>
 * <li>the two counters Micrometer keeps in milliseconds and nanoseconds ({@code jvm_compilation_time_ms_total},
 * {@code process_cpu_time_ns_total}) are left out: {@link SecondsCounters} gives them in seconds, Prometheus's base
 * unit, as {@code jvm_compilation_seconds_total} and {@code process_cpu_seconds_total};</li>
 * <li>the gauge {@code system_cpu_count}, which reads as a histogram's count, becomes {@code system_cpus}.</li>
 * </ul>
 */
@Component
public class PrometheusConventions implements MeterFilter {

    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    /** Counters in a unit other than seconds, replaced by {@link SecondsCounters}. */
    private static final Set<String> NOT_IN_SECONDS = Set.of("jvm.compilation.time", "process.cpu.time");

    private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpus");

    /** Descriptions of the meters that libraries register without one (Prometheus's HELP line). */
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("app.info", "Camel's application information: versions, as labels"),
            Map.entry("camel.routes.added", "Routes added to the Camel context"),
            Map.entry("camel.routes.reloaded", "Routes reloaded in the Camel context"),
            Map.entry("camel.routes.running", "Routes running in the Camel context"),
            Map.entry("http.server.requests", "HTTP requests the hub answered, by method, URI template, status and outcome"),
            Map.entry("tomcat.sessions.active.current", "HTTP sessions active now (the hub keeps none)"),
            Map.entry("tomcat.sessions.active.max", "Most HTTP sessions active at once (the hub keeps none)"),
            Map.entry("tomcat.sessions.alive.max", "Longest time an expired HTTP session was alive"),
            Map.entry("tomcat.sessions.created", "HTTP sessions created"),
            Map.entry("tomcat.sessions.expired", "HTTP sessions expired"),
            Map.entry("tomcat.sessions.rejected", "HTTP sessions refused because the maximum was reached"));

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return NOT_IN_SECONDS.contains(id.getName())
                ? MeterFilterReply.DENY
                : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = RENAMED.getOrDefault(id.getName(), id.getName());
        List<Tag> tags = id.getName().startsWith("camel")
                ? id.getTags().stream().map(tag -> Tag.of(snakeCase(tag.getKey()), tag.getValue())).toList()
                : id.getTags();
        String description = id.getDescription() == null || id.getDescription().isBlank()
                ? DESCRIPTIONS.getOrDefault(id.getName(), id.getName().replace('.', ' '))
                : id.getDescription();
        return new Meter.Id(name, Tags.of(tags), id.getBaseUnit(), description, id.getType());
    }

    static String snakeCase(String key) {
        return WORD_BOUNDARY.matcher(key).replaceAll("_").toLowerCase(Locale.ROOT);
    }
}
