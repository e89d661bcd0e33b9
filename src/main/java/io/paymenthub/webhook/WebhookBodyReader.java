package io.paymenthub.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Takes the request body as the exact bytes that were signed, whatever the Content-Type, and
 * refuses bodies over {@code hub.webhooks.max-body-size} before reading more than that (the servlet filter
 * {@code RawBodyRequestFilter} has applied the same limit while the body arrived).
 */
@Component("webhookBodyReader")
public class WebhookBodyReader {

    private final long maxBytes;

    public WebhookBodyReader(HubProperties properties) {
        this.maxBytes = properties.getWebhooks().getMaxBodySize().toBytes();
    }

    public void read(Exchange exchange) throws IOException {
        Long declared = exchange.getMessage().getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > maxBytes) {
            throw tooLarge();
        }
        Object body = exchange.getMessage().getBody();
        byte[] bytes;
        if (body instanceof InputStream stream) {
            bytes = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } else {
            bytes = exchange.getMessage().getBody(byte[].class);
        }
        if (bytes == null) {
            bytes = new byte[0];
        }
        if (bytes.length > maxBytes) {
            throw tooLarge();
        }
        exchange.getMessage().setBody(bytes);
    }

    /**
     * After the signature check, which is over the bytes as sent: a body declared in another charset than
     * UTF-8 (JSON's own) is handed on as UTF-8, so the event parser reads what the platform meant.
     */
    public void toUtf8(Exchange exchange) {
        Charset declared = declaredCharset(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        if (declared == null || StandardCharsets.UTF_8.equals(declared)) {
            return;
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        try {
            CharBuffer text = declared.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes == null ? new byte[0] : bytes));
            exchange.getMessage().setBody(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            throw malformed("Webhook body is not valid " + declared.name());
        }
    }

    /** The charset parameter of a Content-Type; the rest of it does not matter, as before. */
    private static Charset declaredCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && "charset".equalsIgnoreCase(parameter.substring(0, equals).trim())) {
                String name = parameter.substring(equals + 1).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    throw malformed("Webhook body has an unknown charset");
                }
            }
        }
        return null;
    }

    private static HubHttpException malformed(String message) {
        return new HubHttpException(400, "MALFORMED_EVENT", message);
    }

    private static HubHttpException tooLarge() {
        return new HubHttpException(413, "PAYLOAD_TOO_LARGE", "Webhook body is too large");
    }
}
