package io.paymenthub.payment;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.common.HubPlatformHttpEngine;
import io.paymenthub.common.TextFields;
import io.paymenthub.common.TrustedProxies;
import io.paymenthub.config.HubProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The device information of a payment made through {@code POST /api/payments} (contract section 5b; seed 004,
 * Optimize Success Rates), as the hub sends it to a platform that takes it (Cheqpay):
 * <ul>
 *   <li>{@code ipAddress} is always the hub's own finding, whatever the body says: the TCP peer, or the first
 *       address of {@code X-Forwarded-For} when the peer is one of {@code hub.trusted-proxies};</li>
 *   <li>{@code userAgent} and {@code httpBrowserLanguage} (the whole {@code Accept-Language}) come from the
 *       request's headers unless the body gives them;</li>
 *   <li>the other browser fields come from the body, seed 004's {@code httpBrowserJavaEnabled} under Cheqpay's
 *       name {@code httpBrowserJavaScriptEnabled}.</li>
 * </ul>
 */
@Component("deviceInformationCollector")
public class DeviceInformationCollector {

    static final String SEED_JAVA_ENABLED = "httpBrowserJavaEnabled";
    static final String JAVASCRIPT_ENABLED = "httpBrowserJavaScriptEnabled";

    private final TrustedProxies trustedProxies;

    public DeviceInformationCollector(HubProperties properties) {
        this.trustedProxies = TrustedProxies.parse(properties.getTrustedProxies());
    }

    /** The request with its device information merged as above. */
    public PaymentRequest collect(@ExchangeProperty("hubPaymentRequest") PaymentRequest request,
                                  @ExchangeProperty(HubPlatformHttpEngine.PEER_ADDRESS) String peerAddress,
                                  @Header("X-Forwarded-For") Object forwardedFor,
                                  @Header("User-Agent") String userAgent,
                                  @Header("Accept-Language") String acceptLanguage) {
        ObjectNode device = merge(request.deviceInformation(), peerAddress, forwardedFor, userAgent, acceptLanguage);
        return new PaymentRequest(request.userId(), request.orderId(), request.amount(), request.currency(),
                request.provider(), request.description(), request.returnUrl(), request.customer(),
                request.paymentMethod(), request.billingAddress(), device);
    }

    /** The browser's fields as the body gives them, merged with what the hub knows of the request (rules above). */
    public ObjectNode merge(JsonNode given, String peerAddress, Object forwardedFor, String userAgent,
                            String acceptLanguage) {
        ObjectNode device = given instanceof ObjectNode object ? object.deepCopy() : JsonNodeFactory.instance.objectNode();
        device.remove("ipAddress");
        String clientAddress = clientAddress(peerAddress, forwardedFor);
        if (clientAddress != null) {
            device.put("ipAddress", clientAddress);
        }
        putUnlessGiven(device, "userAgent", userAgent);
        putUnlessGiven(device, "httpBrowserLanguage", acceptLanguage);
        JsonNode javaEnabled = device.remove(SEED_JAVA_ENABLED);
        if (javaEnabled != null && !device.has(JAVASCRIPT_ENABLED)) {
            device.set(JAVASCRIPT_ENABLED, javaEnabled);
        }
        return device;
    }

    /** The TCP peer, or the first forwarded address when the peer is a trusted proxy and that address is one. */
    String clientAddress(String peerAddress, Object forwardedFor) {
        if (peerAddress == null || !trustedProxies.trusts(peerAddress)) {
            return peerAddress;
        }
        String first = firstForwarded(forwardedFor);
        return first != null && TrustedProxies.bytesOf(first) != null ? first : peerAddress;
    }

    /** The first address of the first X-Forwarded-For header (a repeated header arrives as a list). */
    private static String firstForwarded(Object forwardedFor) {
        Object header = forwardedFor instanceof List<?> values ? (values.isEmpty() ? null : values.get(0)) : forwardedFor;
        if (!(header instanceof String text)) {
            return null;
        }
        String first = text.split(",", 2)[0].trim();
        return first.isEmpty() ? null : first;
    }

    private static void putUnlessGiven(ObjectNode device, String field, String header) {
        JsonNode given = device.path(field);
        if (given.isTextual() && !given.asText().isBlank() || header == null || header.isBlank()) {
            return;
        }
        // a header is bounded by the server's header size; the body's fields by this limit
        device.put(field, header.length() > TextFields.NESTED_TEXT ? header.substring(0, TextFields.NESTED_TEXT) : header);
    }
}
