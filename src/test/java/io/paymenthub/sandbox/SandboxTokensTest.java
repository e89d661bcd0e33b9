package io.paymenthub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SandboxTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofHours(24);
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void issuesAnHs256JwtThatVerifies() throws Exception {
        SandboxTokens tokens = tokensAt(NOW);

        String token = tokens.issue("sandbox-tenant");

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.path("alg").asText()).isEqualTo("HS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(claims.path("sub").asText()).isEqualTo("sandbox-tenant");
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.plus(LIFETIME).getEpochSecond());
        assertThat(token).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        assertThat(tokens.isValid(token)).isTrue();
        assertThat(tokens.lifetimeSeconds()).isEqualTo(86_400);
    }

    @Test
    void tokenIsRefusedOnceItExpires() {
        String token = tokensAt(NOW).issue("sandbox-tenant");

        assertThat(tokensAt(NOW.plus(LIFETIME).minusSeconds(1)).isValid(token)).isTrue();
        assertThat(tokensAt(NOW.plus(LIFETIME)).isValid(token)).isFalse();
        assertThat(tokensAt(NOW.plus(LIFETIME).plusSeconds(3600)).isValid(token)).isFalse();
    }

    @Test
    void tokenOfAnotherKeyIsRefused() {
        String forged = new SandboxTokens(Clock.fixed(NOW, ZoneOffset.UTC), LIFETIME).issue("sandbox-tenant");

        assertThat(tokensAt(NOW).isValid(forged)).isFalse();
    }

    @Test
    void tamperedClaimsAreRefused() {
        SandboxTokens tokens = tokensAt(NOW);
        String[] parts = tokens.issue("sandbox-tenant").split("\\.");
        String laterExp = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"sandbox-tenant\",\"exp\":" + NOW.plus(Duration.ofDays(365)).getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.isValid(parts[0] + "." + laterExp + "." + parts[2])).isFalse();
    }

    @Test
    void unsignedAndMalformedTokensAreRefused() {
        SandboxTokens tokens = tokensAt(NOW);
        String[] parts = tokens.issue("sandbox-tenant").split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.isValid(none + "." + parts[1] + ".")).isFalse();
        assertThat(tokens.isValid(parts[0] + "." + parts[1])).isFalse();
        assertThat(tokens.isValid(parts[0] + "." + parts[1] + "." + parts[2] + ".x")).isFalse();
        assertThat(tokens.isValid("not-a-token")).isFalse();
        assertThat(tokens.isValid("a.b.c")).isFalse();
        assertThat(tokens.isValid("")).isFalse();
        assertThat(tokens.isValid(null)).isFalse();
    }

    @Test
    void countsIssuedTokens() {
        SandboxTokens tokens = tokensAt(NOW);
        tokens.issue("sandbox-tenant");
        tokens.issue("sandbox-tenant");

        assertThat(tokens.issuedCount()).isEqualTo(2);
    }

    @Test
    void refusesANonPositiveLifetime() {
        assertThatThrownBy(() -> new SandboxTokens(Clock.systemUTC(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SandboxTokens tokensAt(Instant now) {
        return new SandboxTokens(KEY, Clock.fixed(now, ZoneOffset.UTC), LIFETIME);
    }
}
