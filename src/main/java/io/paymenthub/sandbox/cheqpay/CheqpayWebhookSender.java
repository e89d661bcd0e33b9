package io.paymenthub.sandbox.cheqpay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.sandbox.SandboxWebhookSender;

/**
 * The sandbox Cheqpay's webhooks (contract section 5b): {@code {"id": "<uuid>", "event", "data": {"paymentOrder":
 * {...}}}}, signed {@code hmac-sha256-hex} ({@code x-webhook-signature}: lower-case hex HMAC-SHA256 of the raw
 * body, keyed with the secret's UTF-8 bytes), sent {@code hub.sandbox.webhook-delay} after the change, through the
 * sandbox's one {@link SandboxWebhookSender} (its scheduler, retries and shutdown). The body is the order as the
 * change left it, written once, so every attempt and copy carries the same bytes and the same event id.
 */
public class CheqpayWebhookSender {

    static final String SIGNATURE_HEADER = "x-webhook-signature";
    private static final String HMAC = "HmacSHA256";

    private final SandboxWebhookSender delivery;
    private final SecretKeySpec key;
    private final ObjectMapper json;
    private final Supplier<URI> target;
    private final Duration delay;

    /** @param target where the webhooks go, asked at each delivery (the hub's port is known late) */
    public CheqpayWebhookSender(SandboxWebhookSender delivery, String secret, ObjectMapper json, Supplier<URI> target,
                                Duration delay) {
        this.delivery = delivery;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.json = json;
        this.target = target;
        this.delay = delay;
    }

    /**
     * Schedules the event; the {@code sandbox:duplicate-webhooks} scenario delivers it twice at the same moment.
     *
     * @return the event id
     */
    public String announce(CheqpayEvent event, CheqpayOrder order) {
        String id = UUID.randomUUID().toString();
        byte[] body = body(id, event, order);
        Map<String, String> headers = Map.of(SIGNATURE_HEADER, sign(body));
        int copies = order.scenario().duplicatesWebhooks() ? 2 : 1;
        for (int copy = 0; copy < copies; copy++) {
            delivery.later(delay, () -> delivery.post(id, event.type(), target.get(), () -> headers, body));
        }
        return id;
    }

    /** Lower-case hex HMAC-SHA256 of the exact bytes sent. */
    String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private byte[] body(String id, CheqpayEvent event, CheqpayOrder order) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentOrder", order.toWebhookJson());
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("id", id);
        webhook.put("event", event.type());
        webhook.put("data", data);
        try {
            return json.writeValueAsBytes(webhook);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a webhook body", e);
        }
    }
}
