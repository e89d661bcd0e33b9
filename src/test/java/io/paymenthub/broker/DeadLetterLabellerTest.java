package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class DeadLetterLabellerTest {

    @Test
    void reasonNamesRootCauseClassAndMessage() {
        Throwable failure = new IllegalStateException("route failed",
                new UncheckedIOException("wrapped", new IOException("disk full")));

        assertThat(DeadLetterLabeller.reason(failure)).isEqualTo("IOException: disk full");
    }

    @Test
    void reasonWithoutMessageIsOnlyTheClassName() {
        assertThat(DeadLetterLabeller.reason(new RuntimeException(new NullPointerException())))
                .isEqualTo("NullPointerException");
    }

    @Test
    void reasonIsTruncatedTo500Characters() {
        String reason = DeadLetterLabeller.reason(new IllegalArgumentException("x".repeat(1_000)));

        assertThat(reason).hasSize(500).isEqualTo(("IllegalArgumentException: " + "x".repeat(1_000)).substring(0, 500));
    }

    @Test
    void reasonForNullIsUnknownFailure() {
        assertThat(DeadLetterLabeller.reason(null)).isEqualTo("unknown failure");
    }

    @Test
    void sourceQueueIsUnknownForMissingOrNonJmsEndpoint() throws Exception {
        assertThat(DeadLetterLabeller.sourceQueue(null)).isEqualTo("unknown");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            assertThat(DeadLetterLabeller.sourceQueue(camel.getEndpoint("direct:payments"))).isEqualTo("unknown");
        }
    }

    @Test
    void sourceQueueIsTheJmsDestinationName() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("jms", new JmsComponent());
            assertThat(DeadLetterLabeller.sourceQueue(camel.getEndpoint("jms:queue:payments.events")))
                    .isEqualTo("payments.events");
        }
    }

    @Test
    void labelSetsReasonDeadLetterQueueAndTheTimeOfDeadLettering() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new RuntimeException(new IllegalStateException("no payment")));

            new DeadLetterLabeller(Clock.fixed(Instant.parse("2026-12-01T10:15:30.123Z"), ZoneOffset.UTC)).label(exchange);

            assertThat(exchange.getMessage().getHeader("hubFailureReason")).isEqualTo("IllegalStateException: no payment");
            assertThat(exchange.getMessage().getHeader("hubDeadLetterQueue")).isEqualTo("DLQ.unknown");
            assertThat(exchange.getMessage().getHeader("hubDeadLetteredAt")).isEqualTo("2026-12-01T10:15:30.123Z");
        }
    }
}
