package io.paymenthub.api;

import java.util.Optional;

import io.paymenthub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The operators' keys, {@code hub.admin-api-keys} ({@code clientName:key} pairs; contract sections 1 and 8): they
 * open the admin API ({@code /api/admin/**}) and, in the prod profile, show the health components. They are a ring of
 * their own, so a client key ({@code hub.api-keys}) never passes here, and an admin key is no client key.
 */
@Component("adminKeys")
public class AdminKeys {

    private final ApiKeyRing operators;
    private final ApiKeyRing clients;

    public AdminKeys(HubProperties properties) {
        operators = new ApiKeyRing("hub.admin-api-keys", properties.getAdminApiKeys());
        clients = new ApiKeyRing("hub.api-keys", properties.getApiKeys());
    }

    /** @return the operator's name when the header presents an admin key */
    public Optional<String> operatorOf(String authorization) {
        return operators.clientOf(authorization);
    }

    /** Whether the header presents a client key: the caller is known, and is refused the admin API (403, not 401). */
    public boolean isClientKey(String authorization) {
        return clients.clientOf(authorization).isPresent();
    }
}
