package io.paymenthub.observability;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metric names and label names a PromQL expression (or a Grafana query, which may hold {@code $variables})
 * refers to. Not a PromQL parser: a tokenizer that knows where names stand. A metric name is an identifier that is
 * neither a function (followed by {@code (}) nor a keyword, or the value of a {@code __name__} matcher; label names
 * are those of matchers ({@code {provider="billing"}}) and of {@code by / without / on / ignoring / group_left /
 * group_right} lists. Strings, numbers, durations, {@code [ranges]} and comments are skipped.
 */
public final class PromQlNames {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
            "by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    /** Aggregations, which may stand before their {@code by / without} list: {@code sum by (x) (...)}. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
            "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final String text;
    private int at;
    private final Set<String> metrics = new LinkedHashSet<>();
    private final Set<String> labels = new LinkedHashSet<>();

    private PromQlNames(String text) {
        this.text = text;
    }

    /** What one expression refers to. */
    public record Names(Set<String> metrics, Set<String> labels) {
    }

    public static Names of(String expression) {
        PromQlNames scan = new PromQlNames(expression);
        scan.scan();
        return new Names(Set.copyOf(scan.metrics), Set.copyOf(scan.labels));
    }

    private void scan() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '#') {
                skipLine();
            } else if (c == '"' || c == '\'' || c == '`') {
                readString();
            } else if (c == '{') {
                readMatchers();
            } else if (c == '[') {
                skipPast(']');
            } else if (c == '$') {
                skipVariable();
            } else if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
                // numbers, durations (5m, 1h30m), hex and exponents: never names
                while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                    at++;
                }
            } else if (isNameStart(c)) {
                identifier(readName());
            } else {
                at++;
            }
        }
    }

    private void identifier(String name) {
        String lower = name.toLowerCase();
        if (LABEL_LISTS.contains(lower)) {
            if (nextNonBlank() == '(') {
                readLabelList();
            }
        } else if (KEYWORDS.contains(lower)) {
            // and, or, offset ...: nothing to collect
        } else if (nextNonBlank() == '(' || (AGGREGATIONS.contains(lower) && nextWordIsGrouping())) {
            // a function or an aggregation (rate, sum, histogram_quantile, ...): its arguments are scanned on
        } else {
            metrics.add(name);
        }
    }

    /** {@code {label="value", __name__=~"a|b"}}: label names; the value of {@code __name__} is a metric name. */
    private void readMatchers() {
        at++;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '}') {
                at++;
                return;
            }
            if (isNameStart(c)) {
                String label = readName();
                String operator = readOperator();
                skipBlanks();
                String value = at < text.length() && isQuote(text.charAt(at)) ? readString() : "";
                if ("__name__".equals(label)) {
                    nameMatcher(operator, value);
                } else {
                    labels.add(label);
                }
            } else if (c == '$') {
                skipVariable();
            } else if (isQuote(c)) {
                readString();
            } else {
                at++;
            }
        }
    }

    private void nameMatcher(String operator, String value) {
        if ("=".equals(operator)) {
            metrics.add(value);
        } else if ("=~".equals(operator)) {
            // an alternation of plain names is a list of metrics; any other pattern names no metric of its own
            for (String alternative : value.split("\\|")) {
                if (PLAIN_NAME.matcher(alternative).matches()) {
                    metrics.add(alternative);
                }
            }
        }
    }

    private void readLabelList() {
        skipBlanks();
        at++;
        while (at < text.length() && text.charAt(at) != ')') {
            if (isNameStart(text.charAt(at))) {
                labels.add(readName());
            } else {
                at++;
            }
        }
        at++;
    }

    private String readOperator() {
        skipBlanks();
        int start = at;
        while (at < text.length() && "=!~".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        return text.substring(start, at);
    }

    /** @return the string's value without its quotes (escapes kept as written: names have none) */
    private String readString() {
        char quote = text.charAt(at++);
        int start = at;
        while (at < text.length() && text.charAt(at) != quote) {
            at += text.charAt(at) == '\\' && quote != '`' ? 2 : 1;
        }
        String value = text.substring(start, Math.min(at, text.length()));
        at++;
        return value;
    }

    /** Grafana's {@code $name}, {@code ${name}} and {@code ${name:format}}. */
    private void skipVariable() {
        at++;
        if (at < text.length() && text.charAt(at) == '{') {
            skipPast('}');
        } else {
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
        }
    }

    private String readName() {
        int start = at;
        while (at < text.length() && (isNameStart(text.charAt(at)) || Character.isDigit(text.charAt(at)))) {
            at++;
        }
        return text.substring(start, at);
    }

    private char nextNonBlank() {
        int look = at;
        while (look < text.length() && Character.isWhitespace(text.charAt(look))) {
            look++;
        }
        return look < text.length() ? text.charAt(look) : 0;
    }

    private boolean nextWordIsGrouping() {
        int look = at;
        while (look < text.length() && Character.isWhitespace(text.charAt(look))) {
            look++;
        }
        int start = look;
        while (look < text.length() && Character.isLetter(text.charAt(look))) {
            look++;
        }
        String word = text.substring(start, look).toLowerCase();
        return word.equals("by") || word.equals("without");
    }

    private void skipBlanks() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private void skipPast(char end) {
        while (at < text.length() && text.charAt(at) != end) {
            at++;
        }
        at++;
    }

    private void skipLine() {
        while (at < text.length() && text.charAt(at) != '\n') {
            at++;
        }
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }
}
