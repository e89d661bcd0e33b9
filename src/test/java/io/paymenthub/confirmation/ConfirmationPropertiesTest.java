package io.paymenthub.confirmation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class ConfirmationPropertiesTest {

    private static ConfirmationProperties on(String host, String security) {
        ConfirmationProperties properties = new ConfirmationProperties();
        properties.setEnabled(true);
        properties.setFrom("orders@shop.example");
        properties.getSmtp().setHost(host);
        properties.getSmtp().setSecurity(security);
        return properties;
    }

    @Test
    void offNeedsNothing() {
        assertThatCode(() -> new ConfirmationProperties().check()).doesNotThrowAnyException();
    }

    @Test
    void onNeedsAnSmtpHostAndASender() {
        ConfirmationProperties properties = on("", "starttls");
        assertThatThrownBy(properties::check).hasMessageContaining("hub.confirmations.smtp.host");
        properties = on("smtp.example", "starttls");
        properties.setFrom("");
        assertThatThrownBy(properties::check).hasMessageContaining("hub.confirmations.from");
    }

    @Test
    void clearTextSmtpIsAllowedForALocalRelayOnly() {
        assertThatCode(() -> on("127.0.0.1", "none").check()).doesNotThrowAnyException();
        assertThatCode(() -> on("localhost", "none").check()).doesNotThrowAnyException();
        assertThatThrownBy(() -> on("smtp.example", "none").check()).hasMessageContaining("loopback");
        assertThatThrownBy(() -> on("smtp.example", "tls-maybe").check()).hasMessageContaining("starttls, ssl or none");
    }

    @Test
    void aPasswordWithoutAUserAndAClaimShorterThanASendAreRefused() {
        ConfirmationProperties properties = on("smtp.example", "starttls");
        properties.getSmtp().setPassword("secret-from-env");
        assertThatThrownBy(properties::check).hasMessageContaining("username").hasMessageNotContaining("secret-from-env");
        properties = on("smtp.example", "starttls");
        properties.setClaimTimeout(Duration.ofSeconds(20));
        assertThatThrownBy(properties::check).hasMessageContaining("claim-timeout");
    }

    @Test
    void starttlsIsRequiredAndTheServersNameCheckedWithEveryWaitBounded() {
        ConfirmationProperties.Smtp smtp = on("smtp.example", "starttls").getSmtp();
        smtp.setUsername("shop");
        Properties mail = ConfirmationMailConfiguration.javaMailProperties("smtp", "starttls", smtp);
        assertThat(mail).containsEntry("mail.smtp.starttls.enable", "true").containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.ssl.checkserveridentity", "true").containsEntry("mail.smtp.auth", "true")
                .containsEntry("mail.smtp.connectiontimeout", "10000").containsEntry("mail.smtp.timeout", "10000")
                .containsEntry("mail.smtp.writetimeout", "10000");

        Properties smtps = ConfirmationMailConfiguration.javaMailProperties("smtps", "ssl", on("smtp.example", "ssl").getSmtp());
        assertThat(smtps).containsEntry("mail.smtps.ssl.checkserveridentity", "true").containsEntry("mail.smtps.auth", "false")
                .doesNotContainKey("mail.smtps.starttls.enable");
    }

    @Test
    void theSettingsNeverShowThePassword() {
        ConfirmationProperties.Smtp smtp = on("smtp.example", "starttls").getSmtp();
        smtp.setUsername("shop");
        smtp.setPassword("secret-from-env");
        assertThat(smtp.toString()).doesNotContain("secret-from-env");
    }
}
