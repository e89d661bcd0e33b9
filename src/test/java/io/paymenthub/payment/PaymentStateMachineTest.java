package io.paymenthub.payment;

import static io.paymenthub.payment.PaymentStatus.CANCELLED;
import static io.paymenthub.payment.PaymentStatus.CREATED;
import static io.paymenthub.payment.PaymentStatus.EXPIRED;
import static io.paymenthub.payment.PaymentStatus.FAILED;
import static io.paymenthub.payment.PaymentStatus.PARTIALLY_REFUNDED;
import static io.paymenthub.payment.PaymentStatus.PROVIDER_PENDING;
import static io.paymenthub.payment.PaymentStatus.QUEUED;
import static io.paymenthub.payment.PaymentStatus.REFUNDED;
import static io.paymenthub.payment.PaymentStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import io.paymenthub.payment.PaymentStateMachine.Decision;
import io.paymenthub.provider.billing.BillingConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentStateMachineTest {

    private static final long AMOUNT = 10_000;
    private static final String[] EVENT_TYPES = {
            "payment.pending", "payment.succeeded", "payment.failed", "payment.expired", "payment.cancelled",
            "refund.succeeded", "refund.failed"};

    private final PaymentStateMachine machine = new PaymentStateMachine();
    /** The billing platform's event names, translated by its connector: the table is tested through them. */
    private final BillingConnector billing = new BillingConnector(null, null);

    private Decision decide(PaymentStatus status, String eventType) {
        return machine.decide(status, billing.effectOf(eventType), AMOUNT, 0, null);
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @CsvSource({
            "QUEUED, payment.pending, PROVIDER_PENDING",
            "QUEUED, payment.succeeded, SUCCEEDED",
            "QUEUED, payment.failed, FAILED",
            "QUEUED, payment.expired, EXPIRED",
            "QUEUED, payment.cancelled, CANCELLED",
            "CREATED, payment.pending, PROVIDER_PENDING",
            "CREATED, payment.succeeded, SUCCEEDED",
            "CREATED, payment.failed, FAILED",
            "CREATED, payment.expired, EXPIRED",
            "CREATED, payment.cancelled, CANCELLED",
            "PROVIDER_PENDING, payment.succeeded, SUCCEEDED",
            "PROVIDER_PENDING, payment.failed, FAILED",
            "PROVIDER_PENDING, payment.expired, EXPIRED",
            "PROVIDER_PENDING, payment.cancelled, CANCELLED",
            "SUCCEEDED, refund.succeeded, REFUNDED",
            "PARTIALLY_REFUNDED, refund.succeeded, REFUNDED"})
    void allowedTransitionMovesToTargetStatus(PaymentStatus from, String eventType, PaymentStatus to) {
        Decision decision = machine.decide(from, billing.effectOf(eventType), AMOUNT, from == PARTIALLY_REFUNDED ? 4_000 : 0, null);

        assertThat(decision.next()).isEqualTo(to);
        assertThat(decision.changed()).isTrue();
        assertThat(decision.ignored()).isFalse();
    }

    static Stream<Arguments> terminalStatusAndEveryEventType() {
        return Stream.of(FAILED, EXPIRED, CANCELLED, REFUNDED)
                .flatMap(status -> Stream.of(EVENT_TYPES).map(type -> Arguments.of(status, type)));
    }

    @ParameterizedTest(name = "{0} stays {0} on {1}")
    @MethodSource("terminalStatusAndEveryEventType")
    void terminalStatusNeverMoves(PaymentStatus terminal, String eventType) {
        long refunded = terminal == REFUNDED ? AMOUNT : 0;
        Decision decision = machine.decide(terminal, billing.effectOf(eventType), AMOUNT, refunded, 500L);

        assertThat(decision.next()).isEqualTo(terminal);
        assertThat(decision.changed()).isFalse();
        assertThat(decision.refundedAmount()).isEqualTo(refunded);
        // refund.failed never moves a payment, nor does an event for the status it has; everything else is ignored
        boolean consistent = "refund.failed".equals(eventType)
                || ("payment." + terminal.name().toLowerCase(java.util.Locale.ROOT)).equals(eventType);
        assertThat(decision.ignored()).isEqualTo(!consistent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"payment.pending", "payment.failed"})
    void succeededIsNotReplacedByPendingOrFailed(String eventType) {
        assertThat(decide(SUCCEEDED, eventType)).isEqualTo(new Decision(SUCCEEDED, false, true, 0));
    }

    @ParameterizedTest(name = "{0} again")
    @CsvSource({
            "PROVIDER_PENDING, payment.pending",
            "SUCCEEDED, payment.succeeded",
            "FAILED, payment.failed",
            "EXPIRED, payment.expired",
            "CANCELLED, payment.cancelled"})
    void eventForTheStatusThePaymentHasChangesNothingButIsNotOutOfOrder(PaymentStatus status, String eventType) {
        assertThat(decide(status, eventType)).isEqualTo(new Decision(status, false, false, 0));
    }

    @Test
    void partialRefundMovesToPartiallyRefundedWithRefundedAmount() {
        assertThat(machine.decide(SUCCEEDED, billing.effectOf("refund.succeeded"), AMOUNT, 0, 3_000L))
                .isEqualTo(new Decision(PARTIALLY_REFUNDED, true, false, 3_000));
    }

    @Test
    void furtherPartialRefundSumsRefundedAmount() {
        assertThat(machine.decide(PARTIALLY_REFUNDED, billing.effectOf("refund.succeeded"), AMOUNT, 3_000, 2_500L))
                .isEqualTo(new Decision(PARTIALLY_REFUNDED, false, false, 5_500));
    }

    @Test
    void refundReachingFullAmountMovesToRefunded() {
        assertThat(machine.decide(PARTIALLY_REFUNDED, billing.effectOf("refund.succeeded"), AMOUNT, 6_000, 4_000L))
                .isEqualTo(new Decision(REFUNDED, true, false, AMOUNT));
        assertThat(machine.decide(SUCCEEDED, billing.effectOf("refund.succeeded"), AMOUNT, 0, AMOUNT))
                .isEqualTo(new Decision(REFUNDED, true, false, AMOUNT));
    }

    @Test
    void overRefundIsCappedAtAmount() {
        assertThat(machine.decide(PARTIALLY_REFUNDED, billing.effectOf("refund.succeeded"), AMOUNT, 6_000, 9_999L))
                .isEqualTo(new Decision(REFUNDED, true, false, AMOUNT));
    }

    @Test
    void refundWithoutAmountRefundsTheRemainder() {
        assertThat(machine.decide(PARTIALLY_REFUNDED, billing.effectOf("refund.succeeded"), AMOUNT, 3_000, null))
                .isEqualTo(new Decision(REFUNDED, true, false, AMOUNT));
        assertThat(machine.decide(SUCCEEDED, billing.effectOf("refund.succeeded"), AMOUNT, 0, null))
                .isEqualTo(new Decision(REFUNDED, true, false, AMOUNT));
    }

    @ParameterizedTest
    @EnumSource(value = PaymentStatus.class, names = {"QUEUED", "CREATED", "PROVIDER_PENDING"})
    void refundBeforePaymentSucceededIsIgnored(PaymentStatus status) {
        assertThat(machine.decide(status, billing.effectOf("refund.succeeded"), AMOUNT, 0, 1_000L))
                .isEqualTo(new Decision(status, false, true, 0));
    }

    @ParameterizedTest
    @EnumSource(value = PaymentStatus.class, names = {"SUCCEEDED", "PARTIALLY_REFUNDED", "PROVIDER_PENDING"})
    void refundFailedLeavesStatusAndIsNotIgnored(PaymentStatus status) {
        assertThat(machine.decide(status, billing.effectOf("refund.failed"), AMOUNT, 2_000, 1_000L))
                .isEqualTo(new Decision(status, false, false, 2_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"payment.refunded", "customer.created", "PAYMENT.SUCCEEDED", ""})
    void unknownEventTypeIsIgnored(String eventType) {
        assertThat(decide(PROVIDER_PENDING, eventType)).isEqualTo(new Decision(PROVIDER_PENDING, false, true, 0));
    }

    @Test
    void refundWithANonPositiveAmountIsIgnored() {
        Decision negative = machine.decide(SUCCEEDED, billing.effectOf("refund.succeeded"), AMOUNT, 0, -500L);
        Decision zero = machine.decide(SUCCEEDED, billing.effectOf("refund.succeeded"), AMOUNT, 0, 0L);

        assertThat(negative.ignored()).isTrue();
        assertThat(negative.refundedAmount()).isZero();
        assertThat(zero.ignored()).isTrue();
        assertThat(zero.next()).isEqualTo(SUCCEEDED);
    }

    @Test
    void missingEventTypeIsIgnored() {
        assertThat(machine.decide(PROVIDER_PENDING, billing.effectOf(null), AMOUNT, 0, null).ignored()).isTrue();
    }
}
