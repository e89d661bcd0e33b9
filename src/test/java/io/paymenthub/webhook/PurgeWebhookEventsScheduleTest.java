package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.paymenthub.support.HubRouteTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The route purgeWebhookEvents on its own timer, as the hub starts it from routes/: its settings bind (interval and
 * delay as durations, autoStartup), and a due key goes without anyone calling the route while a younger one stays.
 */
class PurgeWebhookEventsScheduleTest extends HubRouteTestBase {

    @DynamicPropertySource
    static void everySecond(DynamicPropertyRegistry registry) {
        registry.add("hub.webhooks.retention.interval", () -> "1s");
        registry.add("hub.webhooks.retention.initial-delay", () -> "1s");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theTimerPurgesADueKeyAndKeepsAYoungerOne() {
        Instant now = Instant.now();
        String due = recorded(now.minus(Duration.ofDays(30)).minus(Duration.ofMinutes(1)));
        String young = recorded(now.minus(Duration.ofDays(30)).plus(Duration.ofHours(1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> rows(due) == 0);
        assertThat(rows(young)).isOne();
    }

    private String recorded(Instant processedAt) {
        String eventId = "evt_" + UUID.randomUUID();
        jdbc.update("INSERT INTO webhook_events (provider, event_id, event_type, payment_id, processed_at) VALUES (?, ?, ?, ?, ?)",
                "billing", eventId, "payment.succeeded", null, Timestamp.from(processedAt));
        return eventId;
    }

    private int rows(String eventId) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE provider = 'billing' AND event_id = ?",
                Integer.class, eventId);
        return rows == null ? 0 : rows;
    }
}
