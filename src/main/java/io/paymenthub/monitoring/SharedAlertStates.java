package io.paymenthub.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.SqlDialect;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The states of the cluster-wide alerts, in the table {@code hub_alert_states} every instance on the database
 * shares: the instance that takes the lock next knows what the one before it announced, so a firing is announced
 * once for the deployment, not once per instance. Written only under the monitor's lock ({@link ClusterAlerts}).
 */
public class SharedAlertStates implements AlertStates {

    private static final TypeReference<Map<String, Long>> MEMORY = new TypeReference<>() { };
    private static final String COLUMNS = "alert, firing, announced_firing, fired_at, cleared_at, memory, evaluated_at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final String insertIfAbsent;

    public SharedAlertStates(JdbcTemplate jdbc, SqlDialect dialect, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.insertIfAbsent = dialect.insertIfAbsent("INSERT INTO hub_alert_states (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    }

    @Override
    public AlertState find(String alert) {
        List<AlertState> rows = jdbc.query("SELECT " + COLUMNS + " FROM hub_alert_states WHERE alert = ?", this::map, alert);
        return rows.isEmpty() ? AlertState.quiet(alert) : rows.get(0);
    }

    @Override
    public void save(AlertState state) {
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.update("UPDATE hub_alert_states SET firing = ?, announced_firing = ?, fired_at = ?, "
                        + "cleared_at = ?, memory = ?, evaluated_at = ? WHERE alert = ?",
                state.firing(), state.announcedFiring(), timestamp(state.firedAt()), timestamp(state.clearedAt()),
                write(state.memory()), now, state.alert());
        if (updated == 0) {
            jdbc.update(insertIfAbsent, state.alert(), state.firing(), state.announcedFiring(), timestamp(state.firedAt()),
                    timestamp(state.clearedAt()), write(state.memory()), now);
        }
    }

    @Override
    public void announced(String alert, boolean firing) {
        jdbc.update("UPDATE hub_alert_states SET announced_firing = ? WHERE alert = ?", firing, alert);
    }

    @Override
    public List<AlertState> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM hub_alert_states", this::map);
    }

    private AlertState map(ResultSet rs, int row) throws SQLException {
        return new AlertState(rs.getString("alert"), rs.getBoolean("firing"), rs.getBoolean("announced_firing"),
                instant(rs.getTimestamp("fired_at")), instant(rs.getTimestamp("cleared_at")), read(rs.getString("memory")));
    }

    private String write(Map<String, Long> memory) {
        try {
            return json.writeValueAsString(memory);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an alert's memory", e);
        }
    }

    private Map<String, Long> read(String memory) {
        if (memory == null || memory.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(memory, MEMORY);
        } catch (JsonProcessingException e) {
            return Map.of(); // a memory this version cannot read: the condition starts afresh
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
