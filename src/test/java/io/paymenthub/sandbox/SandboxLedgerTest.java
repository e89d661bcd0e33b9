package io.paymenthub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.paymenthub.sandbox.SandboxLedger.Keyed;
import io.paymenthub.sandbox.SandboxPayment.Status;
import org.junit.jupiter.api.Test;

class SandboxLedgerTest {

    private final SandboxLedger ledger = new SandboxLedger(Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void newKeyCreatesAPendingPayment() {
        Keyed<SandboxPayment> created = create("key-1", request("user-1", 5000, "EUR"));

        SandboxPayment payment = created.value();
        assertThat(created.isNew()).isTrue();
        assertThat(payment.id()).startsWith("pay_");
        assertThat(payment.status()).isEqualTo(Status.PENDING);
        assertThat(payment.redirectUrl()).isEqualTo("http://127.0.0.1:8080/sandbox/checkout/" + payment.id());
        assertThat(payment.toJson()).containsEntry("status", "PENDING").containsEntry("amount", 5000L)
                .containsEntry("currency", "EUR").containsEntry("userId", "user-1").containsEntry("orderId", "order-1")
                .containsEntry("createdAt", "2026-11-20T10:00:00Z");
        assertThat(ledger.find(payment.id())).contains(payment);
    }

    @Test
    void sameKeyAndSamePaymentGiveTheSamePaymentOnce() {
        SandboxPayment first = create("key-1", request("user-1", 5000, "EUR")).value();
        Keyed<SandboxPayment> again = create("key-1", request("user-1", 5000, "EUR"));

        assertThat(again.isNew()).isFalse();
        assertThat(again.value().id()).isEqualTo(first.id());
        assertThat(ledger.paymentCount()).isEqualTo(1);
    }

    @Test
    void sameKeyForAnotherAmountCurrencyOrUserIsAConflict() {
        create("key-1", request("user-1", 5000, "EUR"));

        for (SandboxPaymentRequest other : List.of(request("user-1", 5001, "EUR"), request("user-1", 5000, "USD"),
                request("user-2", 5000, "EUR"))) {
            assertThatThrownBy(() -> create("key-1", other)).isInstanceOfSatisfying(SandboxRefusal.class, refusal -> {
                assertThat(refusal.status()).isEqualTo(409);
                assertThat(refusal.code()).isEqualTo("IDEMPOTENCY_CONFLICT");
            });
        }
        assertThat(ledger.paymentCount()).isEqualTo(1);
    }

    @Test
    void concurrentCallsWithOneKeyCreateOnePayment() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                ids.add(pool.submit(() -> create("key-race", request("user-1", 5000, "EUR")).value().id()));
            }
            Set<String> distinct = ConcurrentHashMap.newKeySet();
            for (Future<String> id : ids) {
                distinct.add(id.get(10, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(ledger.paymentCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void countsCreateCallsPerKey() {
        assertThat(ledger.countCreateCall("key-1")).isEqualTo(1);
        assertThat(ledger.countCreateCall("key-1")).isEqualTo(2);
        assertThat(ledger.countCreateCall("key-2")).isEqualTo(1);

        assertThat(ledger.createCalls("key-1")).isEqualTo(2);
        assertThat(ledger.createCalls("key-unused")).isZero();
    }

    @Test
    void listsPagesInCreationOrderPerUser() {
        List<String> user1 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            user1.add(create("u1-" + i, request("user-1", 100 + i, "EUR")).value().id());
            create("u2-" + i, request("user-2", 100 + i, "EUR"));
        }

        assertThat(ids(ledger.list("user-1", 2, 0))).containsExactly(user1.get(0), user1.get(1));
        assertThat(ids(ledger.list("user-1", 2, 2))).containsExactly(user1.get(2), user1.get(3));
        assertThat(ids(ledger.list("user-1", 2, 4))).containsExactly(user1.get(4));
        assertThat(ledger.list("user-1", 2, 6)).isEmpty();
        assertThat(ledger.list(null, 100, 0)).hasSize(10);
        assertThat(ledger.list("nobody", 100, 0)).isEmpty();
    }

    @Test
    void aFinalStatusNeverChanges() {
        String id = create("key-1", request("user-1", 5000, "EUR")).value().id();

        assertThat(ledger.settle(id, Status.SUCCEEDED)).map(SandboxPayment::status).contains(Status.SUCCEEDED);
        assertThat(ledger.settle(id, Status.FAILED)).isEmpty();
        assertThat(ledger.settle(id, Status.PENDING)).isEmpty();
        assertThat(ledger.settle("pay_unknown", Status.SUCCEEDED)).isEmpty();
        assertThat(ledger.find(id)).map(SandboxPayment::status).contains(Status.SUCCEEDED);
    }

    @Test
    void onlyAPendingPaymentCanBeCancelled() {
        String id = create("key-1", request("user-1", 5000, "EUR")).value().id();

        assertThat(ledger.cancel(id).status()).isEqualTo(Status.CANCELLED);
        assertRefused(() -> ledger.cancel(id), 409, "NOT_CANCELLABLE");
        assertRefused(() -> ledger.cancel("pay_unknown"), 404, "NOT_FOUND");
    }

    @Test
    void refundsSettleWithinWhatIsLeft() {
        String id = succeededPayment(1000);

        SandboxRefund first = ledger.refund(id, "re-key-1", 600).value();
        SandboxRefund tooMuch = ledger.refund(id, "re-key-2", 500).value();
        SandboxRefund rest = ledger.refund(id, "re-key-3", 400).value();
        assertThat(first.id()).startsWith("re_");
        assertThat(first.status()).isEqualTo(SandboxRefund.Status.PENDING);

        assertThat(ledger.settleRefund(first.id())).map(SandboxRefund::status).contains(SandboxRefund.Status.SUCCEEDED);
        assertThat(ledger.settleRefund(tooMuch.id())).map(SandboxRefund::status).contains(SandboxRefund.Status.FAILED);
        assertThat(ledger.settleRefund(rest.id())).map(SandboxRefund::status).contains(SandboxRefund.Status.SUCCEEDED);
        assertThat(ledger.settleRefund(rest.id())).as("settled once").isEmpty();
        assertThat(ledger.find(id)).map(SandboxPayment::refundedAmount).contains(1000L);

        SandboxRefund nothingLeft = ledger.refund(id, "re-key-4", 1).value();
        assertThat(ledger.settleRefund(nothingLeft.id())).map(SandboxRefund::status).contains(SandboxRefund.Status.FAILED);
    }

    @Test
    void sameRefundKeyGivesTheSameRefund() {
        String id = succeededPayment(1000);

        SandboxRefund first = ledger.refund(id, "re-key-1", 600).value();
        Keyed<SandboxRefund> again = ledger.refund(id, "re-key-1", 600);

        assertThat(again.isNew()).isFalse();
        assertThat(again.value().id()).isEqualTo(first.id());
        assertRefused(() -> ledger.refund(id, "re-key-1", 700), 409, "IDEMPOTENCY_CONFLICT");
        assertRefused(() -> ledger.refund(succeededPayment(1000), "re-key-1", 600), 409, "IDEMPOTENCY_CONFLICT");
    }

    @Test
    void onlyASucceededPaymentCanBeRefunded() {
        String pending = create("key-1", request("user-1", 5000, "EUR")).value().id();

        assertRefused(() -> ledger.refund(pending, "re-key-1", 100), 409, "NOT_REFUNDABLE");
        assertRefused(() -> ledger.refund("pay_unknown", "re-key-2", 100), 404, "NOT_FOUND");
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheOldest() {
        SandboxLedger small = new SandboxLedger(Clock.systemUTC(), 3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(small.create("key-" + i, request("user-1", 100, "EUR"), id -> "x").value().id());
        }

        assertThat(small.paymentCount()).isEqualTo(3);
        assertThat(small.find(ids.get(0))).isEmpty();
        assertThat(small.find(ids.get(4))).isPresent();
    }

    private String succeededPayment(long amount) {
        String id = create("pay-key-" + amount + "-" + ledger.paymentCount(), request("user-1", amount, "EUR")).value().id();
        ledger.settle(id, Status.SUCCEEDED);
        return id;
    }

    private Keyed<SandboxPayment> create(String key, SandboxPaymentRequest request) {
        return ledger.create(key, request, id -> "http://127.0.0.1:8080/sandbox/checkout/" + id);
    }

    private static SandboxPaymentRequest request(String userId, long amount, String currency) {
        return new SandboxPaymentRequest(userId, "order-1", amount, currency, "Order 1", "https://shop.example/return");
    }

    private static List<String> ids(List<SandboxPayment> payments) {
        return payments.stream().map(SandboxPayment::id).toList();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SandboxRefusal.class, refusal -> {
            assertThat(refusal.status()).isEqualTo(status);
            assertThat(refusal.code()).isEqualTo(code);
        });
    }
}
