package io.paymenthub.broker;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.activemq.ActiveMQConnectionFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every wait on the broker is bounded. The hub sends to the broker inside database transactions (webhook and
 * refund hand-offs, the outbox relay, replies): a broker that stops answering, or one whose store is full and
 * holds producers back (producer flow control), would otherwise block each send for ever while it holds a row
 * lock and a pooled database connection. With these limits the send fails after {@code hub.broker.send-timeout},
 * the transaction rolls back and the caller answers 503.
 * <ul>
 *   <li>{@code sendTimeout}: a synchronous (persistent) send, including one held back by flow control;</li>
 *   <li>{@code connectResponseTimeout}: the broker's answer to a new connection;</li>
 *   <li>{@code closeTimeout}: closing a connection to a broker that does not answer;</li>
 *   <li>a broker that stops answering altogether (hung, or the network drops its packets) leaves other requests
 *       waiting without a timeout of their own (creating a producer, a commit): the transport's inactivity monitor
 *       ({@code wireFormat.maxInactivityDuration}, 30 s by default) fails the connection after
 *       {@code hub.broker.inactivity-timeout} without a byte from the broker, which ends them all;</li>
 *   <li>a {@code failover:} URL waits for a reconnection for ever by default, before any of the above applies:
 *       it gets the transport's {@code timeout} option unless the URL sets one.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class BrokerClientTimeoutConfiguration {

    @Bean
    ActiveMQConnectionFactoryCustomizer boundedBrokerWaits(@Value("${hub.broker.send-timeout:5s}") Duration sendTimeout,
                                                           @Value("${hub.broker.connect-timeout:5s}") Duration connectTimeout,
                                                           @Value("${hub.broker.close-timeout:5s}") Duration closeTimeout,
                                                           @Value("${hub.broker.inactivity-timeout:3s}") Duration inactivityTimeout) {
        return factory -> {
            factory.setSendTimeout(millis(sendTimeout));
            factory.setConnectResponseTimeout(millis(connectTimeout));
            factory.setCloseTimeout(millis(closeTimeout));
            String url = withFailoverTimeout(factory.getBrokerURL(), millis(sendTimeout));
            factory.setBrokerURL(withInactivityTimeout(url, millis(inactivityTimeout)));
        };
    }

    /** Adds {@code timeout=<millis>} to a failover: URL that has none; any other URL is returned as it is. */
    static String withFailoverTimeout(String url, int timeoutMillis) {
        if (url == null || !url.startsWith("failover:")) {
            return url;
        }
        int query = url.lastIndexOf('?');
        int closing = url.lastIndexOf(')');
        boolean hasQuery = query > closing;
        if (hasQuery && ("&" + url.substring(query + 1)).contains("&timeout=")) {
            return url;
        }
        return url + (hasQuery ? "&" : "?") + "timeout=" + timeoutMillis;
    }

    /** Adds {@code wireFormat.maxInactivityDuration} (and its initial delay, ActiveMQ's spelling) to a plain tcp:, ssl: or nio: URL that does not set it. */
    static String withInactivityTimeout(String url, int timeoutMillis) {
        if (url == null || !(url.startsWith("tcp:") || url.startsWith("ssl:") || url.startsWith("nio:"))
                || url.contains("maxInactivityDuration")) {
            return url;
        }
        // the initial delay too: a new connection to a broker that does not answer would wait 10 s + 15 s
        return url + (url.contains("?") ? "&" : "?") + "wireFormat.maxInactivityDuration=" + timeoutMillis
                + "&wireFormat.maxInactivityDurationInitalDelay=" + timeoutMillis;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
