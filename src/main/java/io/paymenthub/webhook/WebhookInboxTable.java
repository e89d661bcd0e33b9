package io.paymenthub.webhook;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.paymenthub.common.SqlDialect;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The statements over {@code webhook_events} (which events the hub has acknowledged, shared by every instance) and
 * {@code webhook_inbox} (those of them not yet on the broker). Every write is an insert-if-absent: one round trip,
 * race-free between instances, and never a duplicate-key error (which on PostgreSQL would abort the transaction).
 */
@Repository
public class WebhookInboxTable {

    private final JdbcTemplate jdbc;
    private final String recordIfAbsent;
    private final String queueIfAbsent;
    private volatile boolean rowByRow;

    public WebhookInboxTable(JdbcTemplate jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.recordIfAbsent = dialect.insertIfAbsent(
                "INSERT INTO webhook_events (provider, event_id, event_type, payment_id, processed_at) VALUES (?, ?, ?, ?, ?)");
        this.queueIfAbsent = dialect.insertIfAbsent("INSERT INTO webhook_inbox (provider, event_id, event_type, "
                + "provider_payment_id, event_amount, occurred_at, effect, received_at, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * Records the entries (in the caller's transaction): each one not seen before goes into the inbox as well.
     * One batch of statements a table, whatever the number of entries.
     *
     * @return per entry, in order: true when it is new, false when its key was recorded before (by anyone)
     */
    public boolean[] recordNew(List<WebhookInboxEntry> entries) {
        boolean[] fresh = rowByRow ? recordRowByRow(entries) : recordInOneBatch(entries);
        List<WebhookInboxEntry> queued = new ArrayList<>(entries.size());
        for (int i = 0; i < fresh.length; i++) {
            if (fresh[i]) {
                queued.add(entries.get(i));
            }
        }
        if (!queued.isEmpty()) {
            jdbc.batchUpdate(queueIfAbsent, queued, queued.size(), WebhookInboxTable::bindInboxRow);
        }
        return fresh;
    }

    private boolean[] recordInOneBatch(List<WebhookInboxEntry> entries) {
        int[][] recorded = jdbc.batchUpdate(recordIfAbsent, entries, entries.size(), WebhookInboxTable::bindKeyRow);
        boolean[] fresh = new boolean[entries.size()];
        int index = 0;
        for (int[] chunk : recorded) {
            for (int count : chunk) {
                if (count == Statement.SUCCESS_NO_INFO) {
                    // a driver that sends the batch as one bulk statement (MariaDB Connector/J's default for inserts,
                    // useBulkStmtsForInserts) cannot say which rows were new: this transaction must roll back, and
                    // from now on each row is its own statement
                    rowByRow = true;
                    throw new UpdateCountsUnknownException();
                }
                fresh[index++] = count == 1;
            }
        }
        return fresh;
    }

    private boolean[] recordRowByRow(List<WebhookInboxEntry> entries) {
        boolean[] fresh = new boolean[entries.size()];
        for (int i = 0; i < fresh.length; i++) {
            WebhookInboxEntry entry = entries.get(i);
            fresh[i] = jdbc.update(recordIfAbsent, statement -> bindKeyRow(statement, entry)) == 1;
        }
        return fresh;
    }

    /** Whether the event's key has been recorded (by any instance). */
    public boolean isRecorded(String provider, String eventId) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE provider = ? AND event_id = ?",
                Integer.class, provider, eventId);
        return rows != null && rows > 0;
    }

    /** Forgets the event: its key and, when it is still there, its inbox row. */
    public void forget(String provider, String eventId) {
        jdbc.update("DELETE FROM webhook_inbox WHERE provider = ? AND event_id = ?", provider, eventId);
        jdbc.update("DELETE FROM webhook_events WHERE provider = ? AND event_id = ?", provider, eventId);
    }

    /**
     * Deletes (in the caller's transaction) at most {@code limit} of the provider's keys recorded before
     * {@code cutoff}, oldest first. The keys are selected and locked first, skipping keys another instance's purge
     * holds, then deleted by key, because a DELETE with a LIMIT is written differently on each database. The rows
     * stay locked from the select to the commit, so none can be forgotten and recorded again (younger) in between;
     * and the delete goes by primary key only, locking no row but those, because on MariaDB a delete that ranges over
     * processed_at again takes the other purge's rows' locks too, and two purges deadlock.
     *
     * @return the rows this call deleted: another instance's purge never deleted them, so the sum over instances is
     *         the number of rows gone
     */
    public int purgeRecordedBefore(String provider, Instant cutoff, int limit) {
        Timestamp before = Timestamp.from(cutoff);
        List<String> eventIds = jdbc.queryForList("SELECT event_id FROM webhook_events WHERE provider = ? AND processed_at < ? "
                + "ORDER BY processed_at LIMIT ? FOR UPDATE SKIP LOCKED", String.class, provider, before, limit);
        if (eventIds.isEmpty()) {
            return 0;
        }
        // one statement with its own count (a JDBC batch of single-row deletes has none on MariaDB's bulk protocol)
        String keys = String.join(", ", Collections.nCopies(eventIds.size(), "?"));
        List<Object> arguments = new ArrayList<>(eventIds.size() + 1);
        arguments.add(provider);
        arguments.addAll(eventIds);
        return jdbc.update("DELETE FROM webhook_events WHERE provider = ? AND event_id IN (" + keys + ")", arguments.toArray());
    }

    /**
     * Takes the oldest inbox rows (in the caller's transaction): they are locked, skipped by another instance's relay,
     * and deleted, so the caller's commit, after the broker has them, is what removes them for good.
     */
    public List<WebhookInboxEntry> takeOldest(int limit) {
        List<WebhookInboxEntry> taken = jdbc.query("SELECT provider, event_id, event_type, provider_payment_id, event_amount, "
                        + "occurred_at, effect, received_at, correlation_id FROM webhook_inbox ORDER BY received_at LIMIT ? FOR UPDATE SKIP LOCKED",
                (rs, row) -> {
                    Timestamp occurred = rs.getTimestamp("occurred_at");
                    Long amount = rs.getObject("event_amount") == null ? null : rs.getLong("event_amount");
                    WebhookEvent event = new WebhookEvent(rs.getString("event_id"), rs.getString("event_type"),
                            occurred == null ? null : occurred.toInstant(), rs.getString("provider_payment_id"),
                            amount, EventEffect.fromStored(rs.getString("effect"), null));
                    return new WebhookInboxEntry(rs.getString("provider"), event, rs.getTimestamp("received_at").toInstant(),
                            rs.getString("correlation_id"));
                }, limit);
        if (!taken.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM webhook_inbox WHERE provider = ? AND event_id = ?", taken, taken.size(),
                    (statement, entry) -> {
                        statement.setString(1, entry.provider());
                        statement.setString(2, entry.event().eventId());
                    });
        }
        return taken;
    }

    private static void bindKeyRow(PreparedStatement statement, WebhookInboxEntry entry) throws SQLException {
        bindEventColumns(statement, entry);
        statement.setTimestamp(5, Timestamp.from(entry.receivedAt()));
    }

    /** Columns 1 to 4 of both tables' rows: provider, event id, event type, the platform's payment id. */
    private static void bindEventColumns(PreparedStatement statement, WebhookInboxEntry entry) throws SQLException {
        statement.setString(1, entry.provider());
        statement.setString(2, entry.event().eventId());
        statement.setString(3, entry.event().eventType());
        statement.setString(4, entry.event().providerPaymentId());
    }

    /** The batch's statements ran but nobody knows which rows are new: roll back and write the batch again. */
    public static class UpdateCountsUnknownException extends TransientDataAccessResourceException {
        UpdateCountsUnknownException() {
            super("The JDBC driver reported no update counts for a batch; its rows are written one by one from now on");
        }
    }

    private static void bindInboxRow(PreparedStatement statement, WebhookInboxEntry entry) throws SQLException {
        WebhookEvent event = entry.event();
        bindEventColumns(statement, entry);
        if (event.amount() == null) {
            statement.setNull(5, Types.BIGINT);
        } else {
            statement.setLong(5, event.amount());
        }
        statement.setTimestamp(6, event.createdAt() == null ? null : Timestamp.from(event.createdAt()));
        statement.setString(7, event.effect() == null ? null : event.effect().stored());
        statement.setTimestamp(8, Timestamp.from(entry.receivedAt()));
        statement.setString(9, entry.correlationId());
    }
}
