package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubRouteTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Signed webhooks whose fields the database would refuse or change, or whose JSON is ambiguous (issue 6, items 12
 * and 12b), are 400 MALFORMED_EVENT and leave no row: before, PostgreSQL refused a NUL with a 503 (which the
 * platform retries for ever), H2 and MariaDB stored it, and a repeated key was resolved by the last one.
 */
class WebhookInputRouteTest extends HubRouteTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"eventId\":\"%s\\u0000\",\"eventType\":\"payment.succeeded\",\"data\":{\"paymentId\":\"pay_1\"}}",
            "{\"eventId\":\"%s\",\"eventType\":\"payment.succeeded\",\"data\":{\"paymentId\":\"pay\\u0000_1\"}}",
            "{\"eventId\":\"%s\",\"eventType\":\"payment.succeeded\",\"data\":{\"paymentId\":\"a\\ud800b\"}}",
            "{\"eventId\":\"%s\",\"eventType\":\"payment.succeeded\",\"eventType\":\"payment.failed\"}",
            "{\"eventId\":\"%s\",\"eventType\":\"payment.succeeded\"}}"})
    void aSignedEventWithAFieldTheDatabaseCannotHoldOrAmbiguousJsonIs400AndNotRecorded(String template) {
        String eventId = "evt_" + UUID.randomUUID();

        Response response = new HubClient(port).sendWebhook(template.formatted(eventId));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("MALFORMED_EVENT");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE event_id LIKE ?", Integer.class, eventId + "%"))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE event_id LIKE ?", Integer.class, eventId + "%"))
                .isZero();
    }
}
