package io.paymenthub.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

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
    private static final String BEARER = "Bearer ";

    /** key bytes → client name */
    private final Map<byte[], String> clients = new LinkedHashMap<>();

    public ApiKeyAuthenticator(HubProperties properties) {
        String configured = properties.getApiKeys() == null ? "" : properties.getApiKeys().trim();
        if (!configured.isEmpty()) {
            for (String pair : configured.split(",")) {
                String trimmed = pair.trim();
                int colon = trimmed.indexOf(':');
                String client = colon < 0 ? "" : trimmed.substring(0, colon).trim();
                String key = colon < 0 ? "" : trimmed.substring(colon + 1).trim();
                if (client.isEmpty() || key.isEmpty()) {
                    // an empty key would let an empty bearer token in
                    throw new IllegalStateException("hub.api-keys must be comma-separated clientName:key pairs, none empty");
                }
                clients.put(key.getBytes(StandardCharsets.UTF_8), client);
            }
        } else {
            log.warn("hub.api-keys is empty: every /api call will be refused");
        }
    }

    /** @return the name of the client whose key was presented */
    public String authenticate(@Header("Authorization") String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw HubHttpException.unauthorized();
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        String client = null;
        for (Map.Entry<byte[], String> entry : clients.entrySet()) {
            // every key is compared, in constant time, so timing does not reveal a near match
            if (MessageDigest.isEqual(entry.getKey(), presented)) {
                client = entry.getValue();
            }
        }
        if (client == null) {
            throw HubHttpException.unauthorized();
        }
        return client;
    }
}
