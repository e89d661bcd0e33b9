package io.paymenthub.webhook;

import java.io.IOException;
import java.io.InputStream;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Takes the request body as the exact bytes that were signed, whatever the Content-Type, and
 * refuses bodies over {@code hub.webhooks.max-body-size} before reading more than that.
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

    private static HubHttpException tooLarge() {
        return new HubHttpException(413, "PAYLOAD_TOO_LARGE", "Webhook body is too large");
    }
}
