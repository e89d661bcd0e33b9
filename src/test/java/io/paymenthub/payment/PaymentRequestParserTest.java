package io.paymenthub.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.CardNumberMasker;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.StrictJsonReader;
import io.paymenthub.config.HubProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The payment request rules of contract section 3 (items 12 and 12b of issue 6), without a hub. */
class PaymentRequestParserTest {

    private static final String BASE = "\"userId\":\"user-1\",\"orderId\":\"order-1\",\"amount\":5000,\"currency\":\"EUR\"";

    private final PaymentRequestParser parser = new PaymentRequestParser(new StrictJsonReader(new ObjectMapper()),
            new CardNumberMasker(), properties());

    private static HubProperties properties() {
        HubProperties properties = new HubProperties();
        HubProperties.Limit eur = new HubProperties.Limit();
        eur.setMin(50);
        eur.setMax(100_000_000);
        properties.getLimits().put("EUR", eur);
        properties.getProviders().put("billing", new HubProperties.Provider());
        return properties;
    }

    private PaymentRequest parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(String extra) {
        return "{" + BASE + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private void assertRefused(String json, String code) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(400);
                    assertThat(e.getCode()).as(e.getMessage()).isEqualTo(code);
                });
    }

    @Test
    void aRepeatedAmountIsRefusedNotResolvedByTheLastOne() {
        assertRefused("{\"userId\":\"user-1\",\"orderId\":\"order-1\",\"amount\":-1,\"amount\":5000,\"currency\":\"EUR\"}",
                "MALFORMED_JSON");
    }

    @Test
    void contentAfterTheObjectIsRefused() {
        assertRefused(body("") + "}", "MALFORMED_JSON");
        assertRefused(body("") + " {\"amount\":1}", "MALFORMED_JSON");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            description over 1000          | "description":"%s"                          | 1001 | FIELD_TOO_LONG
            returnUrl over 2048            | "returnUrl":"https://shop.example/%s"         | 2028 | FIELD_TOO_LONG
            customer.firstName over 100    | "customer":{"firstName":"%s"}                | 101  | FIELD_TOO_LONG
            customer.email over 254        | "customer":{"email":"%s"}                    | 255  | FIELD_TOO_LONG
            customer.externalId over 255   | "customer":{"externalId":"%s"}               | 256  | FIELD_TOO_LONG
            billingAddress.city over 1000  | "billingAddress":{"city":"%s"}               | 1001 | FIELD_TOO_LONG
            """)
    void refusesEveryStringOverItsDocumentedLimit(String name, String template, int length, String code) {
        assertRefused(body(template.formatted("x".repeat(length))), code);
        String atLimit = template.formatted("x".repeat(length - 1));
        assertThat(parse(body(atLimit))).isNotNull();
    }

    @Test
    void refusesUserAndOrderIdsOverTheirColumnsAsTooLong() {
        assertRefused("{\"userId\":\"" + "u".repeat(256) + "\",\"orderId\":\"o\",\"amount\":5000,\"currency\":\"EUR\"}", "FIELD_TOO_LONG");
        assertRefused("{\"userId\":\"u\",\"orderId\":\"" + "o".repeat(256) + "\",\"amount\":5000,\"currency\":\"EUR\"}", "FIELD_TOO_LONG");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NUL in userId               | {"userId":"user\\u0000-1","orderId":"order-1","amount":5000,"currency":"EUR"}
            NUL in orderId              | {"userId":"user-1","orderId":"order-1\\u0000","amount":5000,"currency":"EUR"}
            lone surrogate in orderId   | {"userId":"user-1","orderId":"a\\ud800b","amount":5000,"currency":"EUR"}
            lone surrogate in description | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","description":"a\\ud800b"}
            NUL in description          | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","description":"a\\u0000b"}
            escape in customer.lastName | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","customer":{"lastName":"a\\u001b[31m"}}
            NUL in deviceInformation    | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","deviceInformation":{"userAgent":"a\\u0000"}}
            unknown customer field      | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","customer":{"ssn":"123"}}
            customer not an object      | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","customer":"me"}
            customer field not a string | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","customer":{"email":{"a":1}}}
            returnUrl not a URL         | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","returnUrl":"javascript:alert(1)"}
            returnUrl relative          | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","returnUrl":"/return"}
            userId an object            | {"userId":{"id":1},"orderId":"o","amount":5000,"currency":"EUR"}
            billingAddress nested deep  | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","billingAddress":{"a":{"b":{"c":{"d":"e"}}}}}
            paymentMethod with a list   | {"userId":"user-1","orderId":"o","amount":5000,"currency":"EUR","paymentMethod":{"type":["card"]}}
            """)
    void refusesCharactersTheDatabaseWouldRefuseOrChangeAndShapesItDoesNotTake(String name, String json) {
        assertRefused(json, "INVALID_FIELD");
    }

    @Test
    void aSurrogateSentAsRawBytesIsRefusedLikeAnEscapedOne() {
        byte[] prefix = "{\"userId\":\"user-1\",\"orderId\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80}; // U+D800 encoded as if it were a character
        byte[] suffix = "b\",\"amount\":5000,\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + surrogate.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(surrogate, 0, body, prefix.length, surrogate.length);
        System.arraycopy(suffix, 0, body, prefix.length + surrogate.length, suffix.length);

        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(400));
    }

    @Test
    void neverQuotesTheCallersValueInARefusal() {
        assertThatThrownBy(() -> parse("{\"userId\":\"u\",\"orderId\":\"o\",\"amount\":5000,\"currency\":\"<script>x</script>\"}"))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("INVALID_CURRENCY");
                    assertThat(e.getMessage()).doesNotContain("script");
                });
        assertThatThrownBy(() -> parse(body("\"provider\":\"<script>x</script>\"")))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("UNKNOWN_PROVIDER");
                    assertThat(e.getMessage()).doesNotContain("script");
                });
        assertThatThrownBy(() -> parse(body("\"description\":\"<b>\\u0000\"")))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getMessage()).doesNotContain("<b>"));
    }

    @Test
    void keepsFreeTextAsGivenExceptForCardNumbers() {
        PaymentRequest request = parse(body("\"description\":\"Order 9 \\u2013 María, card 4000 0000 0000 2503\\nthanks\","
                + "\"customer\":{\"externalId\":\"user-1\",\"email\":\"a@b.c\",\"firstName\":\"María\",\"lastName\":\"4000000000002503\"},"
                + "\"billingAddress\":{\"address\":\"Main st 5200000000002151\",\"postalCode\":\"1011\",\"country\":\"HU\"},"
                + "\"returnUrl\":\"https://shop.example/return?order=9\""));

        assertThat(request.description()).isEqualTo("Order 9 \u2013 María, card 4000 00** **** 2503\nthanks");
        assertThat(request.customer().path("firstName").asText()).isEqualTo("María");
        assertThat(request.customer().path("lastName").asText()).isEqualTo("400000******2503");
        assertThat(request.customer().path("email").asText()).isEqualTo("a@b.c");
        assertThat(request.billingAddress().path("address").asText()).isEqualTo("Main st 520000******2151");
        assertThat(request.billingAddress().path("postalCode").asText()).isEqualTo("1011");
        assertThat(request.returnUrl()).isEqualTo("https://shop.example/return?order=9");
    }

    @Test
    void acceptsARequestWithEveryFieldAtItsLimit() {
        PaymentRequest request = parse("{\"userId\":\"" + "u".repeat(255) + "\",\"orderId\":\"" + "o".repeat(255)
                + "\",\"amount\":5000,\"currency\":\"eur\",\"description\":\"" + "d".repeat(1000) + "\"}");

        assertThat(request.userId()).hasSize(255);
        assertThat(request.currency()).isEqualTo("EUR");
        assertThat(request.description()).hasSize(1000);
    }
}
