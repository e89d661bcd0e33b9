package io.paymenthub.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A platform's payment id may look like a card number; the hub logs payment ids, and the log guard masks it
 * there like any other (issue 7 #3): the hub's real console output, not the events.
 */
@ExtendWith(OutputCaptureExtension.class)
class CardNumberLogGuardRouteTest extends HubRouteTestBase {

    @Test
    void aWebhookForAPaymentIdThatIsACardNumberLogsItMasked(CapturedOutput output) {
        String eventId = "evt_" + UUID.randomUUID();
        String body = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\",\"createdAt\":\"" + Instant.now()
                + "\",\"data\":{\"paymentId\":\"pay_5555555555554444\",\"amount\":5000,\"currency\":\"EUR\"}}";

        assertThat(new HubClient(port).sendWebhook(body).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(eventId + " eventType=payment.succeeded"));
        assertThat(output.getOut()).contains("eventId=" + eventId + " eventType=payment.succeeded paymentId=pay_555555******4444")
                .doesNotContain("5555555555554444");
    }
}
