package io.paymenthub.confirmation;

import static org.assertj.core.api.Assertions.assertThat;

import io.paymenthub.support.HubRouteTestBase;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Confirmations are off unless configured: no mailer route, no SMTP connection, nothing fed to its queue. */
class ConfirmationsOffRouteTest extends HubRouteTestBase {

    @Autowired
    CamelContext camel;
    @Autowired
    ApplicationContext context;
    @Autowired
    ConfirmationFeed feed;

    @Test
    void withoutConfigurationTheMailerIsNotStartedAndTheOutboxFeedsItNothing() {
        assertThat(camel.getRoute("mailPaymentConfirmations")).isNull();
        assertThat(context.containsBean("confirmationMailSender")).isFalse();
        assertThat(feed.wanted("{\"eventId\":\"evt_1\",\"status\":\"SUCCEEDED\"}")).isFalse();
        // the outbox relay that would feed it runs
        assertThat(camel.getRoute("publishPaymentEvent")).isNotNull();
    }
}
