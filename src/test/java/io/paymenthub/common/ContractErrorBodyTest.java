package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** An error body never holds a card number (contract, top and section 3), whatever sentence it was given. */
class ContractErrorBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCardNumberInTheSentenceIsMaskedToItsFirst6AndLast4() throws Exception {
        JsonNode body = JSON.readTree(ContractErrorBody.of("INVALID_CARD",
                "Card 4000000000002503 (or 5200 0000 0000 2151) is \"not\" accepted"));

        assertThat(body.path("error").asText()).isEqualTo("Card 400000******2503 (or 5200 00** **** 2151) is \"not\" accepted");
        assertThat(body.path("code").asText()).isEqualTo("INVALID_CARD");
    }

    @Test
    void theWrittenResponseHasTheMaskedSentenceToo() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        ContractErrorBody.write(response, 400, "MISSING_FIELD", "pay_5555555555554444 is missing amount", false);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"pay_555555******4444 is missing amount\",\"code\":\"MISSING_FIELD\"}");
    }

    @Test
    void aSentenceWithoutCardNumbersIsKeptAsItIs() throws Exception {
        assertThat(JSON.readTree(ContractErrorBody.of("AMOUNT_OUT_OF_RANGE", "amount must be between 50 and 100000000"))
                .path("error").asText()).isEqualTo("amount must be between 50 and 100000000");
    }
}
