package io.paymenthub.provider.cheqpay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.paymenthub.provider.ProviderHealth;
import org.springframework.stereotype.Component;

/**
 * Whether Cheqpay accepted the hub's API key on its last answer (seed 004: rotate keys — add, test, switch,
 * retire — so an operator sees at once when a key stops working): {@code providers.details.cheqpay.keyAccepted},
 * and {@code status} DOWN while the key is refused.
 */
@Component
public class CheqpayKeyStatus implements ProviderHealth {

    private final AtomicReference<Boolean> accepted = new AtomicReference<>();

    void accepted() {
        accepted.set(Boolean.TRUE);
    }

    void refused() {
        accepted.set(Boolean.FALSE);
    }

    @Override
    public String provider() {
        return CheqpayConnector.NAME;
    }

    @Override
    public Map<String, Object> details() {
        Boolean state = accepted.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", Boolean.FALSE.equals(state) ? "DOWN" : "UP");
        details.put("keyAccepted", state == null ? "not used yet" : state);
        return details;
    }
}
