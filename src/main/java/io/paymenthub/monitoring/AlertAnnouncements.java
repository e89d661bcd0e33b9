package io.paymenthub.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;

/**
 * The {@code hub.alerts} message of a notice (contract section 6: {@code alert, severity, summary, value, threshold,
 * window, firedAt}, plus {@code state} ({@code firing} or {@code cleared}), {@code clearedAt} for a clearing and
 * {@code instance}), and the record that it was sent.
 */
public class AlertAnnouncements {

    private final ObjectMapper json;
    private final ClusterAlerts cluster;
    private final InstanceAlerts instance;

    public AlertAnnouncements(ObjectMapper json, ClusterAlerts cluster, InstanceAlerts instance) {
        this.json = json;
        this.cluster = cluster;
        this.instance = instance;
    }

    public String message(@Body AlertNotice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alert", notice.alert());
        body.put("state", notice.state());
        body.put("severity", notice.severity());
        body.put("summary", notice.summary());
        body.put("value", notice.value());
        body.put("threshold", notice.threshold());
        body.put("window", notice.window());
        body.put("firedAt", notice.firedAt() == null ? null : notice.firedAt().toString());
        if (!notice.firing()) {
            body.put("clearedAt", notice.clearedAt() == null ? null : notice.clearedAt().toString());
        }
        body.put("instance", notice.instance());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an alert", e);
        }
    }

    /** After the send: the alert's state records that {@code hub.alerts} knows it. */
    public void announced(@Body AlertNotice notice) {
        if (notice.scope() == AlertNotice.Scope.CLUSTER) {
            cluster.announced(notice);
        } else {
            instance.announced(notice);
        }
    }
}
