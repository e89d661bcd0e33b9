package io.paymenthub.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A set of {@code clientName:key} pairs (the format of {@code hub.api-keys} and {@code hub.admin-api-keys}) and the
 * check of an {@code Authorization: Bearer <key>} header against them: every key is compared, in constant time, so
 * timing does not reveal a near match. A key is never logged.
 */
public final class ApiKeyRing {

    private static final String BEARER = "Bearer ";

    /** key bytes → client name */
    private final Map<byte[], String> clients = new LinkedHashMap<>();

    /** @param setting the setting's name, for the message of a malformed value */
    public ApiKeyRing(String setting, String configured) {
        String pairs = configured == null ? "" : configured.trim();
        if (pairs.isEmpty()) {
            return;
        }
        for (String pair : pairs.split(",")) {
            String trimmed = pair.trim();
            int colon = trimmed.indexOf(':');
            String client = colon < 0 ? "" : trimmed.substring(0, colon).trim();
            String key = colon < 0 ? "" : trimmed.substring(colon + 1).trim();
            if (client.isEmpty() || key.isEmpty()) {
                // an empty key would let an empty bearer token in
                throw new IllegalStateException(setting + " must be comma-separated clientName:key pairs, none empty");
            }
            clients.put(key.getBytes(StandardCharsets.UTF_8), client);
        }
    }

    public boolean isEmpty() {
        return clients.isEmpty();
    }

    /** @return the name of the client whose key the header presents */
    public Optional<String> clientOf(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.empty();
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        String client = null;
        for (Map.Entry<byte[], String> entry : clients.entrySet()) {
            if (MessageDigest.isEqual(entry.getKey(), presented)) {
                client = entry.getValue();
            }
        }
        return Optional.ofNullable(client);
    }
}
