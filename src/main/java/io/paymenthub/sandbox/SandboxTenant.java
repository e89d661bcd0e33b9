package io.paymenthub.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The one tenant the sandbox knows: {@code hub.providers.billing.tenant-id} and its secret. */
public record SandboxTenant(String id, String secret) {

    /** Constant-time on the secret, so response times do not reveal how much of a guess was right. */
    public boolean matches(String tenantId, String candidateSecret) {
        if (tenantId == null || candidateSecret == null) {
            return false;
        }
        boolean secretMatches = MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                candidateSecret.getBytes(StandardCharsets.UTF_8));
        return secretMatches & id.equals(tenantId);
    }

    /** Never the secret: a record would print it. */
    @Override
    public String toString() {
        return "SandboxTenant[id=" + id + "]";
    }
}
