package io.paymenthub.billing;

/**
 * One call to the billing platform, as the adapter route sends it. {@code idempotencyKey} is sent on
 * every attempt of the call unchanged, so the platform never acts twice; {@code endpoint} names the
 * call in metrics ({@code POST /payments}).
 */
public record PlatformRequest(String method, String path, String jsonBody, String idempotencyKey, String endpoint) {

    public static PlatformRequest get(String path, String endpoint) {
        return new PlatformRequest("GET", path, null, null, endpoint);
    }

    public static PlatformRequest post(String path, String jsonBody, String idempotencyKey, String endpoint) {
        return new PlatformRequest("POST", path, jsonBody, idempotencyKey, endpoint);
    }
}
