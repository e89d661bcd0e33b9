package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonReaderTest {

    private final StrictJsonReader reader = new StrictJsonReader(new ObjectMapper());

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAnObject() {
        assertThat(reader.readObject(utf8(" {\"amount\": 5000, \"nested\": {\"a\": 1}} \n"), "MALFORMED_JSON")
                .path("amount").asLong()).isEqualTo(5000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"amount\":-1,\"amount\":5000}",
            "{\"customer\": {\"email\": \"a@b.c\", \"email\": \"x@y.z\"}}",
            "{}}",
            "{} x",
            "{}{}",
            "{\"amount\": 1} [2]",
            "",
            "   ",
            "\n\t",
            "[]",
            "42",
            "\"text\"",
            "null",
            "{\"amount\": 1"})
    void refusesAnythingButExactlyOneObjectWithDistinctKeys(String body) {
        assertThatThrownBy(() -> reader.readObject(utf8(body), "MALFORMED_JSON"))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("MALFORMED_JSON");
                });
    }

    @Test
    void answersWithTheCodeOfTheDoorAndNeverQuotesTheInput() {
        assertThatThrownBy(() -> reader.readObject(utf8("{\"<script>\": 1, \"<script>\": 2}"), "MALFORMED_EVENT"))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("MALFORMED_EVENT");
                    assertThat(e.getMessage()).doesNotContain("script");
                });
        assertThatThrownBy(() -> reader.readObject(null, "MALFORMED_JSON")).isInstanceOf(HubHttpException.class);
    }

    @Test
    void leavesTheApplicationsMapperAsLenientAsItWasForThePlatformsAnswers() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJsonReader(mapper);

        assertThat(mapper.readTree("{\"a\":1,\"a\":2}").path("a").asInt()).isEqualTo(2);
    }
}
