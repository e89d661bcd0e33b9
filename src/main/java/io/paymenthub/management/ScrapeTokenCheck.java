package io.paymenthub.management;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Decides whether an {@code Authorization} header carries {@code hub.management.scrape-token}, the bearer token
 * Prometheus (or an operator) presents to the actuator when {@code hub.management.require-authentication=true}
 * (the prod profile). Without a configured token nothing is accepted: the endpoints stay closed and one WARN line
 * at start says so, as {@code hub.api-keys} does for /api. A monitoring setting never keeps the hub from taking
 * payments, so a missing token does not stop start-up. The token itself is never logged.
 */
@Component
@ConditionalOnProperty(name = ActuatorAuthentication.REQUIRED, havingValue = "true")
public class ScrapeTokenCheck {

    private static final Logger log = LoggerFactory.getLogger(ScrapeTokenCheck.class);
    private static final String BEARER = "bearer ";

    /** SHA-256 of the token, or null when none is configured */
    private final byte[] tokenDigest;

    public ScrapeTokenCheck(@Value("${" + ActuatorAuthentication.TOKEN + ":}") String scrapeToken) {
        String token = scrapeToken == null ? "" : scrapeToken.strip();
        if (token.isEmpty()) {
            tokenDigest = null;
            log.warn("{} is empty: every actuator endpoint but the health probes answers 401 (set it to scrape"
                    + " /actuator/prometheus)", ActuatorAuthentication.TOKEN);
        } else {
            tokenDigest = sha256(token);
        }
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    public boolean accepts(String authorization) {
        if (tokenDigest == null || authorization == null
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // digests of equal length compared in constant time: neither a near match nor the token's length shows
        return MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
