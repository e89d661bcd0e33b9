package io.paymenthub.deadletter;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hub.dead-letters.*} settings of the admin API's dead letters (contract section 8): how many a listing
 * shows, and how long one operation may wait for the broker.
 */
@ConfigurationProperties(prefix = "hub.dead-letters")
public class DeadLetterProperties {

    /** Dead letters a listing shows when the request names no {@code limit}. */
    private int listLimit = 50;
    /** The largest {@code limit} a listing takes (a larger one is 400 INVALID_FIELD). */
    private int maxListLimit = 200;
    /**
     * The longest wait for the broker in one operation: a listing returns what it browsed by then; a replay or a
     * delete waits this long for the dead letter it found to be handed to it.
     */
    private Duration brokerTimeout = Duration.ofSeconds(5);

    public int getListLimit() { return listLimit; }
    public void setListLimit(int listLimit) { this.listLimit = listLimit; }
    public int getMaxListLimit() { return maxListLimit; }
    public void setMaxListLimit(int maxListLimit) { this.maxListLimit = maxListLimit; }
    public Duration getBrokerTimeout() { return brokerTimeout; }
    public void setBrokerTimeout(Duration brokerTimeout) { this.brokerTimeout = brokerTimeout; }
}
