package io.paymenthub.broker;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;

import org.apache.activemq.broker.BrokerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's door for other systems on the same machine: ActiveMQ's own OpenWire ({@code tcp://}) and STOMP
 * ({@code stomp://}) transport connectors, bound to 127.0.0.1 only, so that a Java, Python or Node service can send
 * {@code payments.requests} and read {@code payments.events} without installing a broker. Off in the prod profile
 * ({@code hub.embedded-broker.listen}). Nothing is trusted for coming through it: requests are checked like API
 * requests, and the internal queues accept only what the hub signed ({@link InternalEnvelope}).
 */
public final class LoopbackConnectors {

    public static final String LISTEN_SETTING = "hub.embedded-broker.listen";
    public static final String OPENWIRE_PORT_SETTING = "hub.embedded-broker.openwire-port";
    public static final String STOMP_PORT_SETTING = "hub.embedded-broker.stomp-port";

    private static final String LOOPBACK = "127.0.0.1";
    private static final Logger log = LoggerFactory.getLogger(LoopbackConnectors.class);

    private LoopbackConnectors() {
    }

    /**
     * Adds both connectors to the broker, which binds them when it starts. A port that another program holds stops
     * start-up here with the setting to change: a client that reached that program instead of the hub would
     * exchange messages with the wrong broker, silently.
     */
    public static void addTo(BrokerService broker, int openwirePort, int stompPort) throws Exception {
        requireFree(openwirePort, OPENWIRE_PORT_SETTING, "OpenWire");
        requireFree(stompPort, STOMP_PORT_SETTING, "STOMP");
        broker.addConnector(new URI("tcp://" + LOOPBACK + ":" + openwirePort)).setName("openwire");
        broker.addConnector(new URI("stomp://" + LOOPBACK + ":" + stompPort)).setName("stomp");
        log.info("The embedded broker listens for other systems on this machine: OpenWire tcp://{}:{},"
                        + " STOMP stomp://{}:{} ({}=false closes them)",
                LOOPBACK, openwirePort, LOOPBACK, stompPort, LISTEN_SETTING);
    }

    private static void requireFree(int port, String setting, String protocol) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
        } catch (BindException e) {
            throw new PortInUse(setting, port, protocol);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot check " + LOOPBACK + ":" + port + " for the embedded broker", e);
        }
    }

    /** A port of the embedded broker's door is taken by another program. */
    public static final class PortInUse extends RuntimeException {

        private final String setting;

        PortInUse(String setting, int port, String protocol) {
            super("The embedded broker cannot listen for " + protocol + " on " + LOOPBACK + ":" + port
                    + ": another program uses that port (" + setting + "=" + port + ")");
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }
    }
}
