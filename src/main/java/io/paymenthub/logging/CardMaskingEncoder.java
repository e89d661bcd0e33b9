package io.paymenthub.logging;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.paymenthub.common.CardNumberMasker;

/**
 * Masks every card number in what an appender's own encoder wrote (plain pattern or structured JSON), so the
 * message, its arguments, MDC, exception messages and stack traces are all covered whatever code logged them
 * (PCI DSS 3.4.1, contract sections 3 and 7). The rule is {@link CardNumberMasker#maskStandaloneNumbers}.
 * <p>
 * It works on the encoded bytes: digits and '*' are one byte each in the charsets logs are written in (UTF-8,
 * Spring Boot's default, and every ASCII-compatible one), and a line without 13 digits in a row, nearly every
 * line, is passed on as it is after one scan.
 */
final class CardMaskingEncoder extends EncoderBase<ILoggingEvent> {

    private static final CardNumberMasker CARD_NUMBERS = new CardNumberMasker();
    private static final int SHORTEST_CARD_NUMBER = 13;

    private final Encoder<ILoggingEvent> delegate;

    CardMaskingEncoder(Encoder<ILoggingEvent> delegate) {
        this.delegate = delegate;
        setContext(delegate.getContext());
    }

    Encoder<ILoggingEvent> delegate() {
        return delegate;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return masked(delegate.encode(event));
    }

    @Override
    public byte[] headerBytes() {
        return masked(delegate.headerBytes());
    }

    @Override
    public byte[] footerBytes() {
        return masked(delegate.footerBytes());
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public boolean isStarted() {
        return delegate.isStarted();
    }

    static byte[] masked(byte[] line) {
        if (line == null || !hasDigitRun(line)) {
            return line;
        }
        // ISO-8859-1 maps each byte to one char and back, so only the masked digits change
        String text = new String(line, StandardCharsets.ISO_8859_1);
        String masked = CARD_NUMBERS.maskStandaloneNumbers(text);
        return masked == text ? line : masked.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean hasDigitRun(byte[] line) {
        int run = 0;
        for (byte b : line) {
            if (b >= '0' && b <= '9') {
                if (++run == SHORTEST_CARD_NUMBER) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }
}
