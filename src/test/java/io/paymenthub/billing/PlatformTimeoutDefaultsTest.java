package io.paymenthub.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;

/**
 * The shipped timeouts (application.yml) add up: a merchant waiting on POST /api/payments gets the hub's answer before
 * the web container's async timeout, and a first create call that hangs longer than the read timeout (the README's
 * sandbox:slow scenario) still leaves time for the retry with the same key that gets the payment (201).
 */
class PlatformTimeoutDefaultsTest {

    private final Properties defaults = load();

    @Test
    void theAsyncTimeoutIsLongerThanTheRequestDeadline() {
        assertThat(duration("spring.mvc.async.request-timeout", "30s")).isGreaterThan(duration("hub.platform.request-deadline", "0s"));
    }

    @Test
    void aFirstCallThatHangsLeavesTimeForASecondAttemptWithinTheRequestDeadline() {
        long connect = Long.parseLong(defaults.getProperty("hub.platform.connect-timeout"));
        long read = Long.parseLong(defaults.getProperty("hub.platform.read-timeout"));
        long firstBackOff = duration("hub.retry.initial-delay", "1s").toMillis();
        Duration slowFirstCall = duration("hub.sandbox.slow-delay", "35s");

        assertThat(slowFirstCall.toMillis()).as("sandbox:slow is slower than the read timeout").isGreaterThan(read);
        // attempt 1 times out after `read`; attempt 2 may take connect + read
        assertThat(read + firstBackOff + connect + read).as("two attempts fit the deadline")
                .isLessThanOrEqualTo(duration("hub.platform.request-deadline", "0s").toMillis());
    }

    private Duration duration(String key, String fallback) {
        return DurationStyle.detectAndParse(defaults.getProperty(key, fallback));
    }

    private static Properties load() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject();
    }
}
