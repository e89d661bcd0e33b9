package io.paymenthub.api;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks {@code Authorization: Bearer <key>} against {@code hub.api-keys} ({@code clientName:key}
 * pairs) and answers with the client's name. With the sandbox on, its generated dev key is that setting
 * (config.SandboxStartupCheck), so this bean reads configuration only.
 */
@Component("apiKeyAuthenticator")
public class ApiKeyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    private final ApiKeyRing clients;

    public ApiKeyAuthenticator(HubProperties properties) {
        clients = new ApiKeyRing("hub.api-keys", properties.getApiKeys());
        if (clients.isEmpty()) {
            log.warn("hub.api-keys is empty: every /api call will be refused");
        }
    }

    /** @return the name of the client whose key was presented */
    public String authenticate(@Header("Authorization") String authorization) {
        return clients.clientOf(authorization).orElseThrow(HubHttpException::unauthorized);
    }
}
