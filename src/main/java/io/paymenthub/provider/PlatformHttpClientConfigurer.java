package io.paymenthub.provider;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.stereotype.Component;

/**
 * Switches off Apache HttpClient's own retries (it would repeat a 503 once, silently): retrying a
 * platform call is the hub's declared Camel policy alone (routes/policies/platformCallPolicy.yaml), so
 * {@code hub.retry.max-attempts} is exactly the number of calls the platform sees.
 */
@Component("platformHttpClientConfigurer")
public class PlatformHttpClientConfigurer implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
    }
}
