package io.paymenthub.api;

import java.util.Optional;

import io.paymenthub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The operators' keys, {@code hub.admin-api-keys} ({@code clientName:key} pairs; contract sections 1 and 8): in the
 * prod profile they show the health components. They are a ring of their own, so a client key ({@code hub.api-keys})
 * never passes here, and an admin key is no client key.
 */
@Component("adminKeys")
public class AdminKeys {

    private final ApiKeyRing operators;

    public AdminKeys(HubProperties properties) {
        operators = new ApiKeyRing("hub.admin-api-keys", properties.getAdminApiKeys());
    }

    /** @return the operator's name when the header presents an admin key */
    public Optional<String> operatorOf(String authorization) {
        return operators.clientOf(authorization);
    }
}
