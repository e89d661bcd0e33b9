package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

/** Which database errors are outages (redelivered for as long as they last) and which are the data's own. */
class BrokerRedeliveryTest {

    @Test
    void connectionRollbackResourceAndOperatorErrorsAreOutages() {
        assertThat(BrokerRedelivery.transientSql(new SQLException("connection refused", "08001"))).isTrue();
        assertThat(BrokerRedelivery.transientSql(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(BrokerRedelivery.transientSql(new SQLException("too many connections", "53300"))).isTrue();
        assertThat(BrokerRedelivery.transientSql(new SQLException("admin shutdown", "57P01"))).isTrue();
        assertThat(BrokerRedelivery.transientSql(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(BrokerRedelivery.transientSql(new SQLException("no state"))).isTrue();
    }

    @Test
    void dataConstraintAndStatementErrorsAreNot() {
        assertThat(BrokerRedelivery.transientSql(new SQLException("invalid byte sequence: 0x00", "22021"))).isFalse();
        assertThat(BrokerRedelivery.transientSql(new SQLException("value too long", "22001"))).isFalse();
        assertThat(BrokerRedelivery.transientSql(new SQLException("not null violation", "23502"))).isFalse();
        assertThat(BrokerRedelivery.transientSql(new SQLException("undefined column", "42703"))).isFalse();
    }
}
