package io.paymenthub.webhook;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The body of a message on the internal webhooks queue: a {@link WebhookEventBatch} as JSON, written by the relay
 * and read by the event handler. A message with no {@value #EVENT_COUNT} header is one a hub before the inbox
 * handed off (one platform body, its provider in {@code hubProvider}): it is still read, so that nothing queued
 * before an upgrade is stranded.
 */
@Component("webhookEventMessages")
public class WebhookEventMessages {

    /** The header that marks a batch message, with its number of events. */
    public static final String EVENT_COUNT = "hubEventCount";

    private final ObjectMapper objectMapper;
    private final WebhookEventParser parser;

    public WebhookEventMessages(ObjectMapper objectMapper, WebhookEventParser parser) {
        this.objectMapper = objectMapper;
        this.parser = parser;
    }

    public byte[] write(@Body WebhookEventBatch batch) throws IOException {
        return objectMapper.writeValueAsBytes(batch);
    }

    /** @return the events of the message, in the order the relay took them */
    public List<WebhookInboxEntry> read(@Header(EVENT_COUNT) Integer count, @Header("hubProvider") String provider,
                                        @Body byte[] body) throws IOException {
        if (count == null) {
            return List.of(new WebhookInboxEntry(provider, parser.parse(provider, body), null));
        }
        WebhookEventBatch batch = objectMapper.readValue(body, WebhookEventBatch.class);
        if (batch.events() == null || batch.events().size() != count) {
            throw WebhookFields.malformed("Batch message holds " + (batch.events() == null ? 0 : batch.events().size())
                    + " events but its header says " + count);
        }
        return batch.events();
    }
}
