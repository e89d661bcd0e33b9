package io.paymenthub.provider.cheqpay;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.paymenthub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The paths of the Cheqpay calls (contract section 5b), each a setting {@code hub.providers.cheqpay.paths.<name>}
 * so the adapter can follow the real API, whose documented paths differ between versions (cheqpay-api.md);
 * {@code {externalId}} is replaced by the order's or customer's external id, URL-encoded.
 */
@Component
public class CheqpayPaths {

    static final Map<String, String> DEFAULTS = Map.of(
            "create-order", "/pos/v2/payment-orders",
            "order", "/pos/v2/payment-orders/{externalId}",
            "payer-authentication", "/pos/v2/payment-orders/{externalId}/payer-authentication",
            "payer-authentication-validate", "/pos/v2/payment-orders/{externalId}/payer-authentication/validate",
            "refund", "/pos/v2/payment-orders/{externalId}/refund",
            "customer-upsert", "/pos/customers/add-update",
            "customer", "/pos/customers/{externalId}");

    private final Map<String, String> paths = new LinkedHashMap<>(DEFAULTS);

    public CheqpayPaths(HubProperties properties) {
        HubProperties.Provider cheqpay = properties.getProviders().get(CheqpayConnector.NAME);
        if (cheqpay != null) {
            cheqpay.getPaths().forEach((name, path) -> {
                if (!DEFAULTS.containsKey(name)) {
                    throw new IllegalStateException("hub.providers.cheqpay.paths." + name + " is not a Cheqpay call; known: "
                            + DEFAULTS.keySet());
                }
                paths.put(name, path);
            });
        }
    }

    public String of(String name) {
        return paths.get(name);
    }

    public String of(String name, String externalId) {
        return paths.get(name).replace("{externalId}", URLEncoder.encode(externalId, StandardCharsets.UTF_8));
    }
}
