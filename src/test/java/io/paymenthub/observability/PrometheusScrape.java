package io.paymenthub.observability;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sample names of a scrape in the Prometheus text format ({@code /actuator/prometheus}), each with the label
 * names its series carry. Label values are read as quoted strings, so a value such as {@code "/webhooks/{provider}"}
 * or one with an escaped quote does not end the label set.
 */
public final class PrometheusScrape {

    private final Map<String, Set<String>> labelsByName;

    private PrometheusScrape(Map<String, Set<String>> labelsByName) {
        this.labelsByName = labelsByName;
    }

    public static PrometheusScrape parse(String text) {
        Map<String, Set<String>> labelsByName = new TreeMap<>();
        for (String line : text.split("\n")) {
            String sample = line.strip();
            if (sample.isEmpty() || sample.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < sample.length() && sample.charAt(end) != '{' && !Character.isWhitespace(sample.charAt(end))) {
                end++;
            }
            Set<String> labels = labelsByName.computeIfAbsent(sample.substring(0, end), name -> new TreeSet<>());
            if (end < sample.length() && sample.charAt(end) == '{') {
                readLabelNames(sample, end + 1, labels);
            }
        }
        return new PrometheusScrape(labelsByName);
    }

    private static void readLabelNames(String sample, int from, Set<String> labels) {
        int at = from;
        while (at < sample.length() && sample.charAt(at) != '}') {
            char c = sample.charAt(at);
            if (c == ',' || Character.isWhitespace(c)) {
                at++;
                continue;
            }
            int equals = sample.indexOf('=', at);
            labels.add(sample.substring(at, equals).strip());
            at = sample.indexOf('"', equals) + 1;
            while (sample.charAt(at) != '"') {
                at += sample.charAt(at) == '\\' ? 2 : 1;
            }
            at++;
        }
    }

    public boolean has(String name) {
        return labelsByName.containsKey(name);
    }

    /** @return the label names of the series of {@code name}, empty when there are none */
    public Set<String> labelsOf(String name) {
        return labelsByName.getOrDefault(name, Set.of());
    }

    public Set<String> names() {
        return labelsByName.keySet();
    }
}
