-- Portable SQL: H2 (PostgreSQL mode), PostgreSQL and MariaDB/MySQL all run this file as it is.

-- ShedLock's lock table (net.javacrumbs.shedlock, JdbcTemplateLockProvider): the alert monitor's cluster-wide part runs
-- on one instance at a time (io.paymenthub.monitoring.ClusterAlerts). ShedLock's documented form for MySQL/MariaDB,
-- which PostgreSQL and H2 also take; the times are the database's own (usingDbTime).
CREATE TABLE shedlock (
    name        VARCHAR(64)  NOT NULL,
    lock_until  TIMESTAMP(3) NOT NULL,
    locked_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    locked_by   VARCHAR(255) NOT NULL,
    CONSTRAINT pk_shedlock PRIMARY KEY (name)
);

-- The state of each cluster-wide alert, shared by every instance, so that the instance evaluating next does not
-- announce a firing again (io.paymenthub.monitoring.SharedAlertStates): whether it fires, whether hub.alerts was told
-- (announced_firing), since when it fires or when it cleared, and what its condition compares with next time (memory,
-- JSON: the depth of each dead-letter queue).
CREATE TABLE hub_alert_states (
    alert             VARCHAR(100)  NOT NULL,
    firing            BOOLEAN       NOT NULL,
    announced_firing  BOOLEAN       NOT NULL,
    fired_at          TIMESTAMP(6)  NULL,
    cleared_at        TIMESTAMP(6)  NULL,
    memory            VARCHAR(2000),
    evaluated_at      TIMESTAMP(6)  NOT NULL,
    CONSTRAINT pk_hub_alert_states PRIMARY KEY (alert)
);

-- Payment outcomes of a window (io.paymenthub.monitoring.PaymentOutcomes): terminal status and the time it was reached.
CREATE INDEX idx_payments_status_updated_at ON payments (status, updated_at);
