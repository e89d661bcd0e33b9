package io.paymenthub.provider.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.provider.billing.BillingTokenCache.AccessToken;
import org.junit.jupiter.api.Test;

class BillingTokenCacheTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger logins = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private BillingTokenCache cache(long expiresInSeconds) {
        return new BillingTokenCache(() -> new AccessToken("token-" + logins.incrementAndGet(), expiresInSeconds),
                registry, nanos::get);
    }

    @Test
    void reusesOneTokenForManyCalls() {
        BillingTokenCache cache = cache(86_400);

        for (int i = 0; i < 100; i++) {
            assertThat(cache.token()).isEqualTo("token-1");
        }

        assertThat(logins).hasValue(1);
        assertThat(registry.counter("billing.token.refresh", "provider", "billing").count()).isEqualTo(1.0);
    }

    @Test
    void letsOnlyOneLoginRunWhileManyCallersWait() throws Exception {
        CountDownLatch loginStarted = new CountDownLatch(1);
        CountDownLatch releaseLogin = new CountDownLatch(1);
        BillingTokenCache cache = new BillingTokenCache(() -> {
            loginStarted.countDown();
            await(releaseLogin);
            return new AccessToken("token-" + logins.incrementAndGet(), 86_400);
        }, registry, nanos::get);
        ExecutorService callers = Executors.newFixedThreadPool(20);
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(callers.submit(cache::token));
        }

        assertThat(loginStarted.await(5, TimeUnit.SECONDS)).isTrue();
        releaseLogin.countDown();
        for (Future<String> token : tokens) {
            assertThat(token.get(5, TimeUnit.SECONDS)).isEqualTo("token-1");
        }
        callers.shutdown();

        assertThat(logins).hasValue(1);
    }

    @Test
    void logsInAgainFiveMinutesBeforeTheTokenExpires() {
        BillingTokenCache cache = cache(3_600);
        cache.token();

        advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(cache.token()).isEqualTo("token-1");
        advance(Duration.ofSeconds(2));

        assertThat(cache.token()).isEqualTo("token-2");
    }

    @Test
    void dropsARejectedTokenSoTheNextCallLogsInAgain() {
        BillingTokenCache cache = cache(86_400);
        String rejected = cache.token();

        cache.reject(rejected);

        assertThat(cache.token()).isEqualTo("token-2");
        assertThat(logins).hasValue(2);
    }

    @Test
    void keepsANewerTokenWhenAnOldOneIsRejectedLate() {
        BillingTokenCache cache = cache(86_400);
        String old = cache.token();
        cache.reject(old);
        String fresh = cache.token();

        cache.reject(old);

        assertThat(cache.token()).isEqualTo(fresh);
        assertThat(logins).hasValue(2);
    }

    @Test
    void neverShowsTheTokenValueInItsDescription() {
        assertThat(new AccessToken("secret-jwt", 60).toString()).doesNotContain("secret-jwt");
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
