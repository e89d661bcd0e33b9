package io.paymenthub.broker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.common.HubHttpException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes the hub's hand-offs to its internal queues unforgeable by other broker clients: the sender signs
 * the envelope (HMAC-SHA256 over the provider, the event id and the exact body bytes, with the key every
 * instance on the database shares), the consumer checks it in constant time before it believes a word of
 * the message. A message that does not verify is refused (and so dead-lettered with the reason), counted in
 * {@code hub_broker_envelope_rejected_total} and logged as suspicious.
 */
@Component("internalEnvelope")
public class InternalEnvelope {

    public static final String SIGNATURE = "hubSignature";
    public static final String KEY_ID = "hubSignatureKey";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Logger log = LoggerFactory.getLogger(InternalEnvelope.class);

    private final SecretKeySpec key;
    private final String keyId;
    private final MeterRegistry registry;

    public InternalEnvelope(InternalEnvelopeKey key, MeterRegistry registry) {
        this.key = new SecretKeySpec(key.secret(), ALGORITHM);
        this.keyId = key.id();
        this.registry = registry;
    }

    /** The signature of an event handed to the broker; the route puts it in {@value #SIGNATURE}. */
    public String sign(@Header("hubProvider") String provider, @Header("hubEventId") String eventId, @Body byte[] body) {
        return Base64.getEncoder().encodeToString(mac(provider, eventId, body));
    }

    /** The key's id; the route puts it in {@value #KEY_ID}, so that a mismatch can be told from a forgery. */
    public String keyId() {
        return keyId;
    }

    /** Refuses a message whose envelope this hub did not sign. */
    public void verify(@Header("hubProvider") String provider, @Header("hubEventId") String eventId,
                       @Header(SIGNATURE) String signature, @Header(KEY_ID) String signedWith, @Body byte[] body,
                       Exchange exchange) {
        String problem = problem(provider, eventId, signature, signedWith, body);
        if (problem == null) {
            return;
        }
        String queue = DeadLetterLabeller.sourceQueue(exchange.getFromEndpoint());
        Counter.builder("hub.broker.envelope.rejected")
                .description("Messages on an internal queue whose envelope the hub did not sign")
                .tag("queue", queue)
                .register(registry)
                .increment();
        log.warn("Suspicious message on internal queue {}: {} (JMSMessageID={})", queue, problem,
                exchange.getMessage().getHeader("JMSMessageID", String.class));
        throw new HubHttpException(401, "INVALID_SIGNATURE", "Internal envelope refused: " + problem);
    }

    /**
     * What {@link #verify} would refuse in an envelope, without counting or logging it (an operator's dry run of a
     * dead letter's replay): null when the hub signed it.
     */
    public String problemWith(String provider, String eventId, String signature, String signedWith, byte[] body) {
        return problem(provider, eventId, signature, signedWith, body);
    }

    private String problem(String provider, String eventId, String signature, String signedWith, byte[] body) {
        if (signature == null || signature.isBlank()) {
            return "no hub signature; only the hub writes this queue";
        }
        if (provider == null || eventId == null || body == null) {
            return "hubProvider, hubEventId or the body is missing";
        }
        if (signedWith != null && !signedWith.equals(keyId)) {
            // not a forgery for sure, but not ours: instances that share a broker must share the database
            return "signed with key " + sanitize(signedWith) + " but this hub's key is " + keyId
                    + "; hub instances that share a broker must share one database";
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return "hub signature is not Base64";
        }
        if (!MessageDigest.isEqual(given, mac(provider, eventId, body))) {
            return "hub signature does not match the message";
        }
        return null;
    }

    private byte[] mac(String provider, String eventId, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            // length-prefixed fields: no two (provider, eventId, body) triples sign the same bytes
            mac.update(field(provider));
            mac.update(field(eventId));
            mac.update(body);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] field(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
    }

    private static String sanitize(String value) {
        String shown = value.length() > 20 ? value.substring(0, 20) : value;
        return shown.replaceAll("[^0-9A-Za-z]", "?");
    }
}
