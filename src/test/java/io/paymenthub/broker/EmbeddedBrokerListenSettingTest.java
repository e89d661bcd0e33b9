package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.UUID;

import io.paymenthub.support.HubProcess;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded broker's door (hub.embedded-broker.listen): open on 127.0.0.1 in the default run, closed in the prod
 * profile, and a port another program holds stops start-up naming the setting. The broker's configuration is started
 * alone with application.yml (and application-prod.yml) as the packaged hub reads them, on free ports.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedBrokerListenSettingTest {

    @Test
    void theDefaultRunListensForOpenWireAndStompOnLoopbackOnly() throws Exception {
        int openwire = HubProcess.freePort();
        int stomp = HubProcess.freePort();

        try (ConfigurableApplicationContext broker = startBroker(openwire, stomp)) {
            BrokerService service = broker.getBean(BrokerService.class);
            assertThat(service.getTransportConnectors())
                    .extracting(connector -> connector.getUri().getScheme() + ":" + connector.getUri().getPort())
                    .containsExactlyInAnyOrder("tcp:" + openwire, "stomp:" + stomp);
            for (TransportConnector connector : service.getTransportConnectors()) {
                InetSocketAddress bound = connector.getServer().getSocketAddress();
                assertThat(bound.getAddress().getHostAddress()).as(connector.getName() + " bound to")
                        .isEqualTo("127.0.0.1");
            }
            assertThat(accepts("127.0.0.1", openwire)).isTrue();
            assertThat(accepts("127.0.0.1", stomp)).isTrue();
            // never the machine's other addresses (0.0.0.0 would answer on them)
            InetAddress external = nonLoopbackAddress();
            if (external != null) {
                assertThat(accepts(external.getHostAddress(), openwire)).as("OpenWire on " + external).isFalse();
                assertThat(accepts(external.getHostAddress(), stomp)).as("STOMP on " + external).isFalse();
            }
        }
        assertThat(accepts("127.0.0.1", openwire)).as("closed with the broker").isFalse();
    }

    @Test
    void theProdProfileOpensNoPort() throws Exception {
        int openwire = HubProcess.freePort();
        int stomp = HubProcess.freePort();

        try (ConfigurableApplicationContext broker = startBroker(openwire, stomp, "prod")) {
            assertThat(broker.getEnvironment().getActiveProfiles()).containsExactly("prod");
            assertThat(broker.getBean(BrokerService.class).isStarted()).isTrue();
            assertThat(broker.getBean(BrokerService.class).getTransportConnectors()).isEmpty();
            assertThat(accepts("127.0.0.1", openwire)).isFalse();
            assertThat(accepts("127.0.0.1", stomp)).isFalse();
        }
    }

    @Test
    void aPortInUseStopsStartUpWithOneReportNamingTheSettingToChange(CapturedOutput output) throws Exception {
        int openwire = HubProcess.freePort();
        try (ServerSocket otherProgram = new ServerSocket(openwire, 1, InetAddress.getByName("127.0.0.1"))) {
            int stomp = HubProcess.freePort();

            assertThatThrownBy(() -> startBroker(stomp == openwire ? stomp + 1 : stomp, openwire).close())
                    .hasRootCauseInstanceOf(LoopbackConnectors.PortInUse.class);
            assertThatThrownBy(() -> startBroker(openwire, stomp).close())
                    .hasRootCauseInstanceOf(LoopbackConnectors.PortInUse.class);
        }
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                .contains("cannot listen for OpenWire on 127.0.0.1:" + openwire
                        + ": another program uses that port (hub.embedded-broker.openwire-port=" + openwire + ")")
                .contains("cannot listen for STOMP on 127.0.0.1:" + openwire
                        + ": another program uses that port (hub.embedded-broker.stomp-port=" + openwire + ")")
                .contains("Set hub.embedded-broker.openwire-port to a free port, or hub.embedded-broker.listen=false")
                .doesNotContain("at io.paymenthub.broker.LoopbackConnectors");
    }

    private static ConfigurableApplicationContext startBroker(int openwirePort, int stompPort, String... profiles) {
        String name = "listen-test-" + UUID.randomUUID().toString().substring(0, 8);
        return new SpringApplicationBuilder(EmbeddedBrokerConfiguration.class)
                .web(WebApplicationType.NONE)
                .profiles(profiles)
                .run("--hub.data-dir=target/test-data/" + name, "--hub.embedded-broker.name=" + name,
                        "--spring.activemq.broker-url=vm://" + name + "?create=false",
                        "--hub.embedded-broker.openwire-port=" + openwirePort,
                        "--hub.embedded-broker.stomp-port=" + stompPort);
    }

    private static boolean accepts(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }

    /** An IPv4 address of this machine's that is not loopback, or null when it has none. */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(EmbeddedBrokerListenSettingTest::upAndNotLoopback)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst().orElse(null);
    }

    private static boolean upAndNotLoopback(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
