package io.paymenthub.provider;

/**
 * One call to a payment platform, as a provider's connector builds it and the route {@code callPlatform}
 * sends it through that provider's send route. {@code idempotencyKey} is sent on every attempt of the call
 * unchanged, so the platform never acts twice; {@code endpoint} names the call in metrics
 * ({@code POST /payments}). The body may hold card data on its way to the platform: it lives only in the
 * exchange and never appears in {@link #toString()}.
 */
public record PlatformRequest(String provider, String method, String path, String jsonBody, String idempotencyKey,
                              String endpoint) {

    public static PlatformRequest get(String provider, String path, String endpoint) {
        return new PlatformRequest(provider, "GET", path, null, null, endpoint);
    }

    public static PlatformRequest post(String provider, String path, String jsonBody, String idempotencyKey,
                                       String endpoint) {
        return new PlatformRequest(provider, "POST", path, jsonBody, idempotencyKey, endpoint);
    }

    @Override
    public String toString() {
        return "PlatformRequest[" + provider + " " + endpoint + "]";
    }
}
