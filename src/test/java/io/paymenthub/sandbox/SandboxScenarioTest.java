package io.paymenthub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SandboxScenarioTest {

    @Test
    void withoutAMagicValueThePaymentGoesTheNormalWay() {
        assertThat(SandboxScenario.of(null)).isEqualTo(SandboxScenario.NORMAL);
        assertThat(SandboxScenario.of("")).isEqualTo(SandboxScenario.NORMAL);
        assertThat(SandboxScenario.of("Order 9")).isEqualTo(SandboxScenario.NORMAL);
        assertThat(SandboxScenario.of("sandbox:no-such-thing")).isEqualTo(SandboxScenario.NORMAL);
        assertThat(SandboxScenario.of("sandbox:normal")).isEqualTo(SandboxScenario.NORMAL);
    }

    @Test
    void magicValueIsFoundAnywhereInAnyCase() {
        assertThat(SandboxScenario.of("sandbox:decline")).isEqualTo(SandboxScenario.DECLINE);
        assertThat(SandboxScenario.of("Order 9 SANDBOX:Token-Expiry")).isEqualTo(SandboxScenario.TOKEN_EXPIRY);
        assertThat(SandboxScenario.of("Order 9 (sandbox:out-of-order)")).isEqualTo(SandboxScenario.OUT_OF_ORDER);
        assertThat(SandboxScenario.of("sandbox:nope then sandbox:fail")).isEqualTo(SandboxScenario.FAIL);
    }

    @ParameterizedTest
    @EnumSource(value = SandboxScenario.class, names = "NORMAL", mode = EnumSource.Mode.EXCLUDE)
    void everyScenarioIsChosenByItsOwnMagicValue(SandboxScenario scenario) {
        assertThat(SandboxScenario.of(scenario.magicValue())).isEqualTo(scenario);
        assertThat(SandboxScenario.of(scenario.magicValue().toUpperCase())).isEqualTo(scenario);
    }

    @Test
    void documentedMagicValues() {
        assertThat(SandboxScenario.DUPLICATE_WEBHOOKS.magicValue()).isEqualTo("sandbox:duplicate-webhooks");
        assertThat(SandboxScenario.TOKEN_EXPIRY.magicValue()).isEqualTo("sandbox:token-expiry");
        assertThat(SandboxScenario.OUT_OF_ORDER.magicValue()).isEqualTo("sandbox:out-of-order");
        assertThat(SandboxScenario.DOWN.magicValue()).isEqualTo("sandbox:down");
    }

    @Test
    void webhooksPerScenario() {
        assertThat(SandboxScenario.NORMAL.webhooks()).containsExactly("payment.pending", "payment.succeeded");
        assertThat(SandboxScenario.DECLINE.webhooks()).isEmpty();
        assertThat(SandboxScenario.DOWN.webhooks()).isEmpty();
        assertThat(SandboxScenario.FAIL.webhooks()).containsExactly("payment.pending", "payment.failed");
        assertThat(SandboxScenario.EXPIRE.webhooks()).containsExactly("payment.pending", "payment.expired");
        assertThat(SandboxScenario.CANCEL.webhooks()).containsExactly("payment.pending", "payment.cancelled");
        assertThat(SandboxScenario.OUT_OF_ORDER.webhooks()).containsExactly("payment.succeeded", "payment.pending");
        assertThat(SandboxScenario.DUPLICATE_WEBHOOKS.duplicatesWebhooks()).isTrue();
        assertThat(SandboxScenario.NORMAL.duplicatesWebhooks()).isFalse();
    }
}
