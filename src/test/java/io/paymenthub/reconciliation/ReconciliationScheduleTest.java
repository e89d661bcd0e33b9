package io.paymenthub.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.reconciliation.ReconciliationSchedule.Cutoff;
import org.junit.jupiter.api.Test;

class ReconciliationScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final ReconciliationSchedule schedule = new ReconciliationSchedule(new ReconciliationProperties());

    @Test
    void aPendingPaymentIsFirstAskedOneMinutePastTenMinutes() {
        assertThat(schedule.firstCheck("billing", PaymentStatus.PROVIDER_PENDING, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(11)));
        assertThat(schedule.firstCheck("billing", PaymentStatus.CREATED, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(11)));
    }

    @Test
    void aPaymentWaitingFor3dsIsStaleAfterItsProvidersLifetime() {
        ReconciliationProperties settings = new ReconciliationProperties();
        settings.getAuthenticationLifetime().put("cheqpay", Duration.ofMinutes(30));
        ReconciliationSchedule custom = new ReconciliationSchedule(settings);

        assertThat(custom.staleAfter("cheqpay", PaymentStatus.REQUIRES_ACTION)).isEqualTo(Duration.ofMinutes(30));
        assertThat(custom.staleAfter("billing", PaymentStatus.REQUIRES_ACTION)).isEqualTo(Duration.ofMinutes(15));
        assertThat(custom.staleAfter("cheqpay", PaymentStatus.PROVIDER_PENDING)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theCutoffsNameEveryProviderAndWatchedStatus() {
        List<Cutoff> cutoffs = schedule.firstCheckCutoffs(List.of("billing", "cheqpay"), NOW);

        assertThat(cutoffs).hasSize(6).contains(
                new Cutoff("billing", PaymentStatus.CREATED, NOW.minus(Duration.ofMinutes(11))),
                new Cutoff("cheqpay", PaymentStatus.REQUIRES_ACTION, NOW.minus(Duration.ofMinutes(16))));
    }

    @Test
    void afterEachQuestionTheNextIsFiveMinutesLaterUntilTheLimit() {
        assertThat(schedule.nextCheck(1, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(schedule.nextCheck(11, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(schedule.nextCheck(12, NOW)).isNull();
        assertThat(schedule.isLast(11)).isFalse();
        assertThat(schedule.isLast(12)).isTrue();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        ReconciliationProperties settings = new ReconciliationProperties();
        settings.setMaxAttempts(0);
        assertThatThrownBy(() -> new ReconciliationSchedule(settings)).isInstanceOf(IllegalStateException.class);
    }
}
