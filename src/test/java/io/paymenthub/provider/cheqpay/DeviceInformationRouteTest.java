package io.paymenthub.provider.cheqpay;

import io.paymenthub.support.SandboxTestEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** No trusted proxies (the default): the TCP peer is the client, whatever the headers and the body say. */
class DeviceInformationRouteTest extends DeviceInformationRouteTestBase {

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        SandboxTestEnvironment.register(registry);
    }

    @Test
    void aForgedForwardedForAndTheBodysIpAddressAreIgnored() throws Exception {
        assertThat(payAndReadWhatCheqpayReceived("6.6.6.6").path("ipAddress").asText()).isEqualTo("127.0.0.1");
    }
}
