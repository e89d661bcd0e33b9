package io.paymenthub.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.config.HubProperties;
import org.junit.jupiter.api.Test;

class DeviceInformationCollectorTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theIpAddressIsThePeerWhateverTheBodyAndAnUntrustedForwardedForSay() throws Exception {
        JsonNode device = collector("").collect(request("{\"ipAddress\": \"1.2.3.4\"}"), "203.0.113.9", "6.6.6.6",
                null, null).deviceInformation();

        assertThat(device.path("ipAddress").asText()).isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedProxysFirstForwardedAddressIsTheClient() throws Exception {
        DeviceInformationCollector collector = collector("10.0.0.0/8");

        assertThat(collector.collect(request(null), "10.1.2.3", "198.51.100.7, 10.1.2.3", null, null)
                .deviceInformation().path("ipAddress").asText()).isEqualTo("198.51.100.7");
        assertThat(collector.collect(request(null), "10.1.2.3", List.of("198.51.100.8", "1.1.1.1"), null, null)
                .deviceInformation().path("ipAddress").asText()).as("a repeated header").isEqualTo("198.51.100.8");
        assertThat(collector.collect(request(null), "11.0.0.1", "198.51.100.7", null, null)
                .deviceInformation().path("ipAddress").asText()).as("outside the range").isEqualTo("11.0.0.1");
        assertThat(collector.collect(request(null), "10.1.2.3", "not-an-address", null, null)
                .deviceInformation().path("ipAddress").asText()).as("garbage forwarded").isEqualTo("10.1.2.3");
        assertThat(collector.collect(request(null), "10.1.2.3", null, null, null)
                .deviceInformation().path("ipAddress").asText()).isEqualTo("10.1.2.3");
    }

    @Test
    void userAgentAndLanguageComeFromTheHeadersUnlessTheBodyGivesThem() throws Exception {
        DeviceInformationCollector collector = collector("");

        JsonNode fromHeaders = collector.collect(request("{\"httpBrowserScreenWidth\": \"1920\"}"), "127.0.0.1", null,
                "Mozilla/5.0 Test", "es-MX,es;q=0.9,en;q=0.8").deviceInformation();
        JsonNode fromBody = collector.collect(request("{\"userAgent\": \"Body UA\", \"httpBrowserLanguage\": \"de\"}"),
                "127.0.0.1", null, "Header UA", "en").deviceInformation();

        assertThat(fromHeaders.path("userAgent").asText()).isEqualTo("Mozilla/5.0 Test");
        assertThat(fromHeaders.path("httpBrowserLanguage").asText()).isEqualTo("es-MX,es;q=0.9,en;q=0.8");
        assertThat(fromHeaders.path("httpBrowserScreenWidth").asText()).isEqualTo("1920");
        assertThat(fromBody.path("userAgent").asText()).isEqualTo("Body UA");
        assertThat(fromBody.path("httpBrowserLanguage").asText()).isEqualTo("de");
    }

    @Test
    void theSeedsJavaEnabledIsSentUnderCheqpaysNameAndTheRestOfTheRequestIsKept() throws Exception {
        PaymentRequest request = request("{\"httpBrowserJavaEnabled\": true, \"httpBrowserColorDepth\": \"24\"}");

        PaymentRequest collected = collector("").collect(request, "127.0.0.1", null, null, null);

        JsonNode device = collected.deviceInformation();
        assertThat(device.path("httpBrowserJavaScriptEnabled").asBoolean()).isTrue();
        assertThat(device.has("httpBrowserJavaEnabled")).isFalse();
        assertThat(device.path("httpBrowserColorDepth").asText()).isEqualTo("24");
        assertThat(request.deviceInformation().has("ipAddress")).as("the parsed request is not changed").isFalse();
        assertThat(collected.orderId()).isEqualTo(request.orderId());
        assertThat(collected.amount()).isEqualTo(request.amount());
        assertThat(collected.paymentMethod()).isEqualTo(request.paymentMethod());
    }

    private static DeviceInformationCollector collector(String trustedProxies) {
        HubProperties properties = new HubProperties();
        properties.setTrustedProxies(trustedProxies);
        return new DeviceInformationCollector(properties);
    }

    private PaymentRequest request(String deviceInformation) throws Exception {
        return new PaymentRequest("user-1", "order-1", 10_000, "MXN", "cheqpay", null, null, null,
                json.readTree("{\"type\": \"card\"}"), null, deviceInformation == null ? null : json.readTree(deviceInformation));
    }
}
