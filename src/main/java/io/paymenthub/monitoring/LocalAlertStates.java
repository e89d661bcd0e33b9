package io.paymenthub.monitoring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The states of this instance's own alerts, in memory: they must be kept while the database is away (that is when
 * the webhook endpoint answers 503), and they are this instance's alone. A restarted instance starts quiet.
 */
public class LocalAlertStates implements AlertStates {

    private final Map<String, AlertState> states = new ConcurrentHashMap<>();

    @Override
    public AlertState find(String alert) {
        return states.getOrDefault(alert, AlertState.quiet(alert));
    }

    @Override
    public void save(AlertState state) {
        states.put(state.alert(), state);
    }

    @Override
    public void announced(String alert, boolean firing) {
        states.computeIfPresent(alert,
                (name, state) -> new AlertState(name, state.firing(), firing, state.firedAt(), state.clearedAt(), state.memory()));
    }

    @Override
    public List<AlertState> all() {
        return List.copyOf(states.values());
    }
}
