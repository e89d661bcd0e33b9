package io.paymenthub.support;

import java.util.List;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** Keeps every event the root logger writes between {@link #start()} and {@link #close()}. */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private final List<String> ignoredLoggers;

    private LogCapture(List<String> ignoredLoggers) {
        this.ignoredLoggers = ignoredLoggers;
    }

    /** @param ignoredLoggers prefixes of loggers that are not the hub's (e.g. a broker the test runs in this JVM) */
    public static LogCapture start(String... ignoredLoggers) {
        LogCapture capture = new LogCapture(List.of(ignoredLoggers));
        capture.appender.start();
        capture.root.addAppender(capture.appender);
        return capture;
    }

    public List<ILoggingEvent> events() {
        List<ILoggingEvent> all;
        synchronized (appender) {
            all = List.copyOf(appender.list);
        }
        return all.stream().filter(event -> ignoredLoggers.stream().noneMatch(event.getLoggerName()::startsWith)).toList();
    }

    public List<ILoggingEvent> matching(Predicate<ILoggingEvent> filter) {
        return events().stream().filter(filter).toList();
    }

    public List<ILoggingEvent> errors() {
        return matching(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
    }

    public List<ILoggingEvent> withStackTrace() {
        return matching(event -> event.getThrowableProxy() != null);
    }

    public List<ILoggingEvent> containing(String text) {
        return matching(event -> event.getFormattedMessage() != null && event.getFormattedMessage().contains(text));
    }

    /** One line a event, for assertion messages. */
    public static String describe(List<ILoggingEvent> events) {
        StringBuilder text = new StringBuilder();
        events.stream().limit(30).forEach(event -> text.append('\n').append(event.getLevel()).append(' ')
                .append(event.getLoggerName()).append(": ").append(abbreviate(event.getFormattedMessage()))
                .append(event.getThrowableProxy() == null ? "" : " [" + event.getThrowableProxy().getClassName() + "]"));
        if (events.size() > 30) {
            text.append("\n... ").append(events.size() - 30).append(" more");
        }
        return text.toString();
    }

    private static String abbreviate(String message) {
        return message == null || message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
