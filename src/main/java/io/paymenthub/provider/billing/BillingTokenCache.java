package io.paymenthub.provider.billing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The billing platform's JWT, fetched through the {@code loginToBilling} route and reused until five
 * minutes before it expires (seed 000, Token Caching). The cache lets only one login run at a time
 * however many calls wait for it, and a token the platform rejected is dropped so the next call
 * logs in again.
 */
@Component("billingTokenCache")
public class BillingTokenCache {

    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final String KEY = "billing";

    private final Cache<String, AccessToken> tokens;
    private final Supplier<AccessToken> login;
    private final Counter refreshes;

    @Autowired
    public BillingTokenCache(@Lazy ProducerTemplate camel, MeterRegistry registry) {
        this(() -> camel.requestBody("direct:loginToBilling", null, AccessToken.class), registry, Ticker.systemTicker());
    }

    BillingTokenCache(Supplier<AccessToken> login, MeterRegistry registry, Ticker ticker) {
        this.login = login;
        this.refreshes = Counter.builder("billing.token.refresh").description("Logins to the billing platform")
                .tag("provider", BillingConnector.NAME).register(registry);
        this.tokens = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(1)
                .expireAfter(new Expiry<String, AccessToken>() {
                    @Override
                    public long expireAfterCreate(String key, AccessToken token, long now) {
                        return TimeUnit.SECONDS.toNanos(Math.max(0, token.expiresInSeconds() - REFRESH_MARGIN.toSeconds()));
                    }

                    @Override
                    public long expireAfterUpdate(String key, AccessToken token, long now, long current) {
                        return expireAfterCreate(key, token, now);
                    }

                    @Override
                    public long expireAfterRead(String key, AccessToken token, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    /** A valid token: the cached one, or a new login that concurrent callers share. */
    public String token() {
        return tokens.get(KEY, key -> {
            AccessToken fresh = login.get();
            refreshes.increment();
            return fresh;
        }).value();
    }

    /** Drops {@code rejected} unless another call has already replaced it. */
    public void reject(String rejected) {
        tokens.asMap().computeIfPresent(KEY, (key, current) -> current.value().equals(rejected) ? null : current);
    }

    public record AccessToken(String value, long expiresInSeconds) {
        @Override
        public String toString() {
            return "AccessToken[expiresInSeconds=" + expiresInSeconds + "]";
        }
    }
}
