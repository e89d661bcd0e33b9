package io.paymenthub.logging;

import java.util.Iterator;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.CyclicBufferAppender;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Puts a {@link CardMaskingEncoder} in front of the encoder of every appender, right after Spring Boot has
 * configured logback (its {@link LoggingApplicationListener} runs on the same event, just before): from the
 * first line of start-up on, no log line of the hub holds a full card number, in the plain and in the JSON
 * format ({@code hub.log.format}), on the console and in a log file. Registered in META-INF/spring.factories,
 * as it must run before any bean exists.
 * <p>
 * An appender that writes out through no encoder (none in Spring Boot's configuration) cannot be guarded and
 * is reported with a warning.
 */
public class CardNumberLogGuard implements SmartApplicationListener {

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            guard(logback);
        }
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    /** Wraps each appender's encoder once; a second call (another application in the same JVM) changes nothing. */
    static void guard(LoggerContext logback) {
        for (Logger logger : logback.getLoggerList()) {
            guardAll(logger.iteratorForAppenders(), logback);
        }
    }

    private static void guardAll(Iterator<Appender<ILoggingEvent>> appenders, LoggerContext logback) {
        while (appenders.hasNext()) {
            Appender<ILoggingEvent> appender = appenders.next();
            if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
                Encoder<ILoggingEvent> encoder = stream.getEncoder();
                if (encoder != null && !(encoder instanceof CardMaskingEncoder)) {
                    stream.setEncoder(new CardMaskingEncoder(encoder));
                }
            } else if (appender instanceof AppenderAttachable<?> parent) {
                @SuppressWarnings("unchecked")
                Iterator<Appender<ILoggingEvent>> children = ((AppenderAttachable<ILoggingEvent>) parent).iteratorForAppenders();
                guardAll(children, logback);
            } else if (!(appender instanceof ListAppender<?>) && !(appender instanceof CyclicBufferAppender<?>)) {
                // the two in-memory ones keep events (tests read them), not text that leaves the process
                logback.getLogger(CardNumberLogGuard.class).warn(
                        "Log appender {} ({}) writes without an encoder: card numbers in its output are not masked",
                        appender.getName(), appender.getClass().getName());
            }
        }
    }
}
