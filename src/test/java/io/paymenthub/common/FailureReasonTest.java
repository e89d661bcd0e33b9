package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReasonTest {

    @Test
    void aCardNumberQuotedByTheInnermostCauseIsMaskedBeforeTheReasonIsCut() {
        Throwable failure = new IllegalStateException("route failed",
                new IllegalArgumentException("Unexpected value 4000000000002503 for\nfield number"));

        assertThat(FailureReason.of(failure, 500)).isEqualTo("IllegalArgumentException: Unexpected value 400000******2503 for field number");
        assertThat(FailureReason.of(failure, 50)).isEqualTo("IllegalArgumentException: Unexpected value 400000*");
    }

    @Test
    void anEmailAddressQuotedByAnSmtpServerIsMasked() {
        Throwable failure = new IllegalStateException("send failed",
                new IllegalStateException("550 5.1.1 <maria.gonzalez@customer.example>: Recipient address rejected"));

        assertThat(FailureReason.of(failure, 500))
                .isEqualTo("IllegalStateException: 550 5.1.1 <m***@customer.example>: Recipient address rejected");
    }
}
