package io.paymenthub.logging;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The lifecycle log lines of seeds 000 and 004 (payment created, completed, failed with its reason; webhook received,
 * rejected with its reason and source address; refund initiated, completed; order ready to fulfil): one line each,
 * whose fields are both in the text ({@code Payment created paymentId=... amount=...}, for the plain console) and
 * separate JSON fields with an {@code event} name ({@code "event":"payment.created","paymentId":...}, under
 * {@code hub.log.format=json}), beside the flow's {@code correlationId}. Callers pass only ids, amounts, codes and
 * addresses: never a card number, a secret or a token.
 */
public final class LifecycleLog {

    private LifecycleLog() {
    }

    /**
     * @param event  the lifecycle event's name, e.g. {@code payment.created}
     * @param text   the line's words, e.g. {@code Payment created}
     * @param fields name, value, name, value...
     */
    public static void log(Logger log, Level level, String event, String text, Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("Lifecycle fields come in name/value pairs");
        }
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        StringBuilder message = new StringBuilder(text);
        LoggingEventBuilder builder = log.atLevel(level).addKeyValue("event", event);
        for (int i = 0; i < fields.length; i += 2) {
            String name = String.valueOf(fields[i]);
            Object value = fields[i + 1];
            message.append(' ').append(name).append('=').append(value);
            builder = builder.addKeyValue(name, value);
        }
        builder.log(message.toString());
    }

    public static void info(Logger log, String event, String text, Object... fields) {
        log(log, Level.INFO, event, text, fields);
    }

    public static void warn(Logger log, String event, String text, Object... fields) {
        log(log, Level.WARN, event, text, fields);
    }
}
