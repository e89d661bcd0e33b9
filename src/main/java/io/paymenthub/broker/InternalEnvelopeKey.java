package io.paymenthub.broker;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.paymenthub.common.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The key that signs the hub's internal broker messages. The first instance to start on a database
 * generates it (insert-if-absent, so concurrent first starts agree on one); every instance on that
 * database reads the same key, and none needs any setup. It never leaves the database and this bean: not
 * in a log, a setting or a message; only its id (a digest prefix) is shown, so that operators can tell
 * whether two instances share it.
 */
@Component
public class InternalEnvelopeKey {

    static final String NAME = "broker-envelope";
    private static final int KEY_BYTES = 32;
    private static final Logger log = LoggerFactory.getLogger(InternalEnvelopeKey.class);

    private final byte[] secret;
    private final String id;

    public InternalEnvelopeKey(JdbcTemplate jdbc, SqlDialect dialect, Clock clock) {
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        jdbc.update(dialect.insertIfAbsent("INSERT INTO hub_keys (name, secret, created_at) VALUES (?, ?, ?)"),
                NAME, Base64.getEncoder().encodeToString(fresh), Timestamp.from(clock.instant()));
        List<String> stored = jdbc.queryForList("SELECT secret FROM hub_keys WHERE name = ?", String.class, NAME);
        if (stored.isEmpty()) {
            throw new IllegalStateException("hub_keys has no '" + NAME + "' key after creating it: check the database");
        }
        try {
            this.secret = Base64.getDecoder().decode(stored.get(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub_keys '" + NAME + "' is not Base64: delete the row and restart every hub instance");
        }
        if (secret.length < KEY_BYTES) {
            throw new IllegalStateException("hub_keys '" + NAME + "' is shorter than " + KEY_BYTES
                    + " bytes: delete the row and restart every hub instance");
        }
        this.id = idOf(secret);
        log.info("Internal broker messages are signed with key id={} (shared by every hub instance on this database)", id);
    }

    byte[] secret() {
        return secret.clone();
    }

    /** A short, non-secret name of the key. */
    public String id() {
        return id;
    }

    private static String idOf(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
