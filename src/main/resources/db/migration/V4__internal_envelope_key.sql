-- Portable SQL: H2 (PostgreSQL mode), PostgreSQL and MariaDB/MySQL all run this file as it is.

-- Keys the hub generates for itself, once per database, and every instance on that database shares:
-- 'broker-envelope' signs the messages the hub hands to its internal queues (InternalEnvelopeKey).
CREATE TABLE hub_keys (
    name        VARCHAR(50)  NOT NULL,
    secret      VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP(6) NOT NULL,
    CONSTRAINT pk_hub_keys PRIMARY KEY (name)
);
