package io.paymenthub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.broker.HubQueues;
import org.junit.jupiter.api.Test;

/** How the dead-letter operations read their parameters: the queue, the listing's limit, dryRun. */
class DeadLetterParametersTest {

    private final DeadLetterQueues queues = new DeadLetterQueues(new HubQueues("payments.requests", "refunds.requests", "webhooks.events", "hub.confirmations"));

    @Test
    void aQueueMustBeOneOfTheHubsOriginalQueues() {
        assertThat(queues.required("refunds.requests")).isEqualTo("refunds.requests");
        assertThatThrownBy(() -> queues.required(null)).isInstanceOfSatisfying(HubHttpException.class,
                e -> assertThat(e.getCode()).isEqualTo("MISSING_FIELD"));
        assertThatThrownBy(() -> queues.required("DLQ.payments.requests")).isInstanceOfSatisfying(HubHttpException.class,
                e -> assertThat(e.getCode()).isEqualTo("INVALID_FIELD"));
        assertThatThrownBy(() -> queues.required("payments.events")).isInstanceOf(HubHttpException.class);
    }

    @Test
    void withoutAQueueAReplaySearchesEveryDeadLetterQueueOfTheHub() {
        assertThat(queues.candidates(null)).containsExactly("payments.requests", "refunds.requests", "webhooks.events", "hub.confirmations");
        assertThat(queues.candidates("webhooks.events")).isEqualTo(List.of("webhooks.events"));
        assertThat(queues.consumerOf("webhooks.events")).isEqualTo(HubQueues.Consumer.WEBHOOK_EVENTS);
    }

    @Test
    void theListingsLimitHasADefaultAndAMaximum() {
        DeadLetterProperties properties = new DeadLetterProperties();
        DeadLetterListing listing = new DeadLetterListing(null, properties);

        assertThat(listing.limit(null)).isEqualTo(50);
        assertThat(listing.limit(" 200 ")).isEqualTo(200);
        for (String wrong : List.of("0", "201", "-1", "ten", "1.5")) {
            assertThatThrownBy(() -> listing.limit(wrong)).as(wrong).isInstanceOfSatisfying(HubHttpException.class,
                    e -> assertThat(e.getCode()).isEqualTo("INVALID_FIELD"));
        }
    }

    @Test
    void dryRunIsTrueOrFalse() {
        assertThat(DeadLetterReplay.dryRun(null)).isFalse();
        assertThat(DeadLetterReplay.dryRun("false")).isFalse();
        assertThat(DeadLetterReplay.dryRun("TRUE")).isTrue();
        assertThatThrownBy(() -> DeadLetterReplay.dryRun("yes")).isInstanceOf(HubHttpException.class);
    }
}
