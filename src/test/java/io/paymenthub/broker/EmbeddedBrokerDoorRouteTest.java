package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubProcess;
import io.paymenthub.support.HubSpringTest;
import io.paymenthub.support.HubTestEnvironment;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompReactorNettyCodec;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.messaging.tcp.reactor.ReactorNettyTcpClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Other systems on the default run (issue 10): the embedded broker's door on 127.0.0.1 (LoopbackConnectors). A STOMP
 * client, as a Python or Node service would be, sends a payment request to payments.requests with a reply-to and reads
 * the payment's answer and its payments.events messages; a Java service does the same with ActiveMQ's own client over
 * OpenWire. What comes through the door is trusted no more than anything else: a forged hand-off to the internal
 * webhook queue is refused by the envelope signature check.
 * <p>
 * The embedded broker is used even where the other tests use a standalone one (HUB_IT_BROKER_URL): the door is its.
 */
@HubSpringTest
class EmbeddedBrokerDoorRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKER = "door-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int OPENWIRE_PORT = freePort();
    private static final int STOMP_PORT = freePort();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        registry.add("hub.providers.billing.base-url", BillingPlatformStub::baseUrl);
        registry.add("hub.providers.billing.tenant-secret", () -> "test-tenant-secret");
        registry.add("spring.activemq.broker-url", () -> "vm://" + BROKER + "?create=false&waitForStart=30000");
        registry.add("hub.embedded-broker.name", () -> BROKER);
        registry.add("hub.embedded-broker.listen", () -> "true");
        registry.add("hub.embedded-broker.openwire-port", () -> OPENWIRE_PORT);
        registry.add("hub.embedded-broker.stomp-port", () -> STOMP_PORT);
    }

    @BeforeAll
    static void platformLogin() {
        BillingPlatformStub.login("token-1", 86400);
    }

    @Value("${hub.queues.payment-requests}")
    String requests;
    @Value("${hub.webhooks.queue}")
    String webhookQueue;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JmsTemplate jms;

    ReactorNettyTcpStompClient stompClient;
    StompSession stomp;
    ThreadPoolTaskScheduler receiptTimer;

    @BeforeEach
    void connectOverStomp() throws Exception {
        // reactor-netty-core is enough; the host-and-port constructor would look for reactor-netty-http
        stompClient = new ReactorNettyTcpStompClient(
                new ReactorNettyTcpClient<>("127.0.0.1", STOMP_PORT, new StompReactorNettyCodec()));
        stompClient.setMessageConverter(new StringMessageConverter());
        stompClient.setDefaultHeartbeat(new long[] {0, 0});
        // the client times its wait for RECEIPT frames (subscribe) on a scheduler
        receiptTimer = new ThreadPoolTaskScheduler();
        receiptTimer.initialize();
        stompClient.setTaskScheduler(receiptTimer);
        stomp = stompClient.connectAsync(new StompSessionHandlerAdapter() { }).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() {
        stomp.disconnect();
        stompClient.shutdown();
        receiptTimer.shutdown();
    }

    @Test
    void aStompClientSendsAPaymentRequestAndReadsTheAnswerOnItsReplyToAndTheEventsOnTheTopic() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        String replies = "/queue/replies." + UUID.randomUUID();
        BlockingQueue<String> answers = subscribe(replies);
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        subscribe("/topic/payments.events", body -> events.add(JSON.readTree(body)));

        StompHeaders send = new StompHeaders();
        send.setDestination("/queue/" + requests);
        send.set("reply-to", replies);
        send.set("idempotencyKey", key);
        send.set("persistent", "true");
        stomp.send(send, request("user-stomp", orderId));

        String answer = answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).as("the payment on " + replies).isNotNull();
        JsonNode payment = JSON.readTree(answer);
        String storedId = jdbc.queryForObject("SELECT id FROM payments WHERE idempotency_key = ?", String.class, key);
        assertThat(payment.path("id").asText()).isEqualTo(storedId);
        assertThat(payment.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(payment.path("idempotencyKey").asText()).isEqualTo(key);
        assertThat(payment.path("orderId").asText()).isEqualTo(orderId);
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);

        await().atMost(WAIT).until(() -> eventTypes(events, storedId).contains("payment.pending"));
        JsonNode pending = events.stream().filter(e -> storedId.equals(e.path("paymentId").asText())
                && "payment.pending".equals(e.path("eventType").asText())).findFirst().orElseThrow();
        assertThat(pending.path("orderId").asText()).isEqualTo(orderId);
        assertThat(pending.path("userId").asText()).isEqualTo("user-stomp");
        assertThat(pending.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(pending.path("amount").asLong()).isEqualTo(5000);
        assertThat(pending.path("eventId").asText()).isNotBlank();
        assertThat(eventTypes(events, storedId)).isSubsetOf("payment.created", "payment.pending");
    }

    @Test
    void aJavaServiceSendsAPaymentRequestOverOpenWireWithAJmsReplyTo() throws Exception {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + OPENWIRE_PORT);
        String answer;
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            MessageProducer producer = session.createProducer(session.createQueue(requests));
            TextMessage message = session.createTextMessage(request("user-java", "order-" + UUID.randomUUID()));
            message.setStringProperty("idempotencyKey", key);
            message.setJMSReplyTo(replies);
            producer.send(message);
            Message reply = consumer.receive(WAIT.toMillis());
            answer = reply == null ? null : ((TextMessage) reply).getText();
        }

        assertThat(answer).as("the payment on JMSReplyTo").isNotNull();
        JsonNode payment = JSON.readTree(answer);
        assertThat(payment.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(payment.path("idempotencyKey").asText()).isEqualTo(key);
        assertThat(payment.path("userId").asText()).isEqualTo("user-java");
    }

    @Test
    void aHandOffForgedThroughTheDoorOntoTheInternalWebhookQueueIsRefusedAndChangesNothing() throws Exception {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        String replies = "/queue/replies." + UUID.randomUUID();
        BlockingQueue<String> answers = subscribe(replies);
        StompHeaders send = new StompHeaders();
        send.setDestination("/queue/" + requests);
        send.set("reply-to", replies);
        send.set("idempotencyKey", key);
        stomp.send(send, request("user-forger", "order-" + UUID.randomUUID()));
        assertThat(answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the payment on " + replies)
                .contains("PROVIDER_PENDING");
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        subscribe("/topic/payments.events", body -> events.add(JSON.readTree(body)));
        String paymentId = jdbc.queryForObject("SELECT id FROM payments WHERE idempotency_key = ?", String.class, key);

        // what an outside client can do: the hub's header names with a made-up signature on the internal queue
        String eventId = "evt_forged_" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString().replace("-", "");
        StompHeaders forged = new StompHeaders();
        forged.setDestination("/queue/" + webhookQueue);
        forged.set("hubProvider", "billing");
        forged.set("hubEventId", eventId);
        forged.set(InternalEnvelope.SIGNATURE, Base64.getEncoder().encodeToString(new byte[32]));
        forged.set("testMarker", marker);
        stomp.send(forged, "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\",\"createdAt\":\""
                + Instant.now() + "\",\"data\":{\"paymentId\":\"pay_" + key + "\"}}");

        jms.setReceiveTimeout(WAIT.toMillis());
        Message dead = jms.receiveSelected("DLQ." + webhookQueue, "testMarker = '" + marker + "'");
        assertThat(dead).as("the forged hand-off in DLQ." + webhookQueue).isNotNull();
        assertThat(dead.getStringProperty("hubFailureReason")).contains("hub signature does not match the message");
        assertThat(statusOf(key)).isEqualTo("PROVIDER_PENDING");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE event_id = ?", Integer.class,
                eventId)).isZero();
        assertThat(eventTypes(events, paymentId)).doesNotContain("payment.succeeded");
    }

    // --- helpers

    private interface BodyHandler {
        void handle(String body) throws Exception;
    }

    private BlockingQueue<String> subscribe(String destination) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        subscribe(destination, received::add);
        return received;
    }

    /** Subscribes and waits for the broker's receipt, so that nothing sent afterwards is missed. */
    private void subscribe(String destination, BodyHandler handler) throws Exception {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setReceipt("sub-" + UUID.randomUUID());
        BlockingQueue<Boolean> receipt = new LinkedBlockingQueue<>();
        stomp.subscribe(headers, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders frame) {
                return String.class;
            }

            @Override
            public void handleFrame(StompHeaders frame, Object payload) {
                try {
                    handler.handle((String) payload);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }).addReceiptTask(() -> receipt.add(true));
        assertThat(receipt.poll(10, TimeUnit.SECONDS)).as("receipt for the subscription to " + destination).isTrue();
    }

    private static List<String> eventTypes(List<JsonNode> events, String paymentId) {
        List<String> types = new ArrayList<>();
        for (JsonNode event : events) {
            if (paymentId.equals(event.path("paymentId").asText())) {
                types.add(event.path("eventType").asText());
            }
        }
        return types;
    }

    private String statusOf(String key) {
        return jdbc.query("SELECT status FROM payments WHERE idempotency_key = ?", (rs, row) -> rs.getString(1), key)
                .stream().findFirst().orElse(null);
    }

    private static String request(String userId, String orderId) {
        return "{\"userId\":\"" + userId + "\",\"orderId\":\"" + orderId
                + "\",\"amount\":5000,\"currency\":\"EUR\",\"description\":\"Order from another system\"}";
    }

    private static int freePort() {
        try {
            return HubProcess.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
