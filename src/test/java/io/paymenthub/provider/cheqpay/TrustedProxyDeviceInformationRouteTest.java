package io.paymenthub.provider.cheqpay;

import io.paymenthub.support.SandboxTestEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** 127.0.0.1 is a trusted proxy: its X-Forwarded-For names the client; the body's ipAddress still counts for nothing. */
class TrustedProxyDeviceInformationRouteTest extends DeviceInformationRouteTestBase {

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        SandboxTestEnvironment.register(registry);
        registry.add("hub.trusted-proxies", () -> "127.0.0.1/32");
    }

    @Test
    void theTrustedProxysForwardedAddressIsTheClient() throws Exception {
        assertThat(payAndReadWhatCheqpayReceived("6.6.6.6, 127.0.0.1").path("ipAddress").asText()).isEqualTo("6.6.6.6");
    }
}
