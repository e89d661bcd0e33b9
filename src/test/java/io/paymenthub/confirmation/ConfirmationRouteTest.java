package io.paymenthub.confirmation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.paymenthub.common.SqlDialect;
import io.paymenthub.confirmation.ConfirmationLedger.ConfirmationInProgressException;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRepository;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.payment.PaymentTransitions;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.LogCapture;
import io.paymenthub.support.TopicRecorder;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Customer e-mail confirmations (routes/confirmations/mailPaymentConfirmations.yaml, fed by publishPaymentEvents.yaml):
 * a payment's status change goes through {@link PaymentTransitions} and the outbox, and the customer's mail arrives at
 * an SMTP server in this JVM (GreenMail) once per event, or not at all for a status that gets none; an SMTP outage
 * delays the mail, and one longer than the delivery bound dead-letters it with the reason.
 */
class ConfirmationRouteTest extends HubRouteTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SMTP_PORT = freePort();
    private static final String QUEUE = "hub.confirmations.test-" + UUID.randomUUID().toString().substring(0, 8);
    private static GreenMail smtp = startSmtp();

    @DynamicPropertySource
    static void confirmationsOn(DynamicPropertyRegistry registry) {
        registry.add("hub.confirmations.enabled", () -> "true");
        registry.add("hub.confirmations.queue", () -> QUEUE);
        registry.add("hub.confirmations.from", () -> "Test Shop <orders@shop.example>");
        registry.add("hub.confirmations.shop-name", () -> "Test Shop");
        registry.add("hub.confirmations.smtp.host", () -> "127.0.0.1");
        registry.add("hub.confirmations.smtp.port", () -> SMTP_PORT);
        // GreenMail speaks plain SMTP; allowed for a server on loopback only
        registry.add("hub.confirmations.smtp.security", () -> "none");
        registry.add("hub.confirmations.smtp.timeout", () -> "2s");
        registry.add("hub.confirmations.max-deliveries", () -> "25");
        // redeliveries come quickly here, so that 25 deliveries span a few seconds
        registry.add("hub.broker.redelivery.initial-delay", () -> "100ms");
        registry.add("hub.broker.redelivery.max-delay", () -> "300ms");
    }

    @Autowired
    PaymentRepository payments;
    @Autowired
    PaymentTransitions transitions;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SqlDialect dialect;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    CamelContext camel;
    @Value("${hub.confirmations.queue}")
    String queue;

    JmsTemplate jms;
    TopicRecorder topic;

    @BeforeEach
    void setUp() throws Exception {
        topic = new TopicRecorder(connectionFactory, "payments.events");
        jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(Duration.ofSeconds(15).toMillis());
        if (!smtp.isRunning()) {
            smtp = startSmtp();
        }
    }

    @AfterEach
    void smtpUp() throws Exception {
        topic.close();
        if (!smtp.isRunning()) {
            smtp = startSmtp();
        }
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Test
    void aSucceededPaymentMailsTheCustomerOnceWithTheOrderAndTheAmountInMajorUnits() throws Exception {
        String email = customer();
        Payment payment = payment(email, 5000, "EUR");
        String orderId = payment.orderId();

        move(payment, PaymentStatus.SUCCEEDED);

        List<MimeMessage> mails = awaitMails(email, 1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getSubject()).isEqualTo("Test Shop: Payment received for order " + orderId);
        assertThat(Arrays.stream(mail.getFrom()).map(Address::toString)).containsExactly("Test Shop <orders@shop.example>");
        assertThat(Arrays.stream(mail.getRecipients(RecipientType.TO)).map(Address::toString)).containsExactly(email);
        String text = part(mail, "text/plain");
        String html = part(mail, "text/html");
        assertThat(text).contains("Order:    " + orderId).contains("Amount:   50.00 EUR").contains(payment.id());
        assertThat(html).contains("<strong>" + orderId + "</strong>").contains("<strong>50.00 EUR</strong>");
        // nothing of the card the customer paid with
        assertThat(text + html).doesNotContain("4242").doesNotContainIgnoringCase("visa");
        String eventId = eventIdOf(payment.id(), "SUCCEEDED");
        await().atMost(WAIT).until(() -> "SENT".equals(ledgerState(eventId)));
    }

    @Test
    void theSameEventDeliveredTwiceMailsOnce() throws Exception {
        String email = customer();
        Payment payment = payment(email, 12345, "USD");
        String event = event(payment, "evt_twice_" + UUID.randomUUID(), "payment.succeeded", "SUCCEEDED");

        // as the outbox relay does after a crash between its publish and its commit
        jms.convertAndSend(queue, event);
        jms.convertAndSend(queue, event);
        // a later mail through the same (single) consumer: both copies were taken before it
        String laterEmail = customer();
        move(payment(laterEmail, 100, "USD"), PaymentStatus.SUCCEEDED);
        awaitMails(laterEmail, 1);

        assertThat(mailsTo(email)).hasSize(1);
        assertThat(part(mailsTo(email).get(0), "text/plain")).contains("123.45 USD");
    }

    @Test
    void aRefundedPaymentMailsARefundConfirmation() throws Exception {
        String email = customer();
        Payment payment = payment(email, 250000, "HUF");
        move(payment, PaymentStatus.SUCCEEDED);
        awaitMails(email, 1);

        move(payments.findById(payment.id()).orElseThrow(), PaymentStatus.REFUNDED);

        List<MimeMessage> mails = awaitMails(email, 2);
        MimeMessage refund = mails.stream().filter(mail -> subject(mail).contains("Refund")).findFirst().orElseThrow();
        assertThat(refund.getSubject()).isEqualTo("Test Shop: Refund for order " + payment.orderId());
        assertThat(part(refund, "text/plain")).contains("refunded in full").contains("Refunded:  2500.00 HUF");
        assertThat(part(refund, "text/html")).contains("<strong>2500.00 HUF</strong>");
    }

    @Test
    void aFailedPaymentMailsNothing() throws Exception {
        String email = customer();
        Payment failed = payment(email, 5000, "EUR");
        move(failed, PaymentStatus.FAILED);
        // published after the failed one, through the same queue and consumer
        String laterEmail = customer();
        move(payment(laterEmail, 5000, "EUR"), PaymentStatus.SUCCEEDED);
        awaitMails(laterEmail, 1);

        assertThat(mailsTo(email)).isEmpty();
        assertThat(ledgerState(eventIdOf(failed.id(), "FAILED"))).isNull();
    }

    @Test
    void aPaymentWithoutCustomerEmailMailsNothingAndLeavesNothingBehind() throws Exception {
        Payment anonymous = payment(null, 5000, "EUR");
        move(anonymous, PaymentStatus.SUCCEEDED);
        String laterEmail = customer();
        move(payment(laterEmail, 5000, "EUR"), PaymentStatus.SUCCEEDED);
        awaitMails(laterEmail, 1);

        assertThat(smtp.getReceivedMessages()).noneMatch(mail -> part(mail, "text/plain").contains(anonymous.id()));
        assertThat(ledgerState(eventIdOf(anonymous.id(), "SUCCEEDED"))).isNull();
    }

    @Test
    void anSmtpOutageDelaysTheMailWhichArrivesOnceTheServerIsBack() throws Exception {
        String email = customer();
        Payment payment = payment(email, 5000, "EUR");
        try (LogCapture log = LogCapture.start("com.icegreen")) {
            smtp.stop();
            move(payment, PaymentStatus.SUCCEEDED);
            // the first delivery failed and went back to the broker
            await().atMost(WAIT).until(() -> !log.matching(event -> event.getFormattedMessage()
                    .startsWith("Broker message rolled back for a later redelivery queue=" + queue)).isEmpty());
            smtp = startSmtp();
        }

        awaitMails(email, 1);
        String eventId = eventIdOf(payment.id(), "SUCCEEDED");
        await().atMost(WAIT).until(() -> "SENT".equals(ledgerState(eventId)));
        // and no copy of it is left to send it again
        String laterEmail = customer();
        move(payment(laterEmail, 5000, "EUR"), PaymentStatus.SUCCEEDED);
        awaitMails(laterEmail, 1);
        assertThat(mailsTo(email)).hasSize(1);
    }

    @Test
    void anSmtpOutageLongerThanTheDeliveryBoundDeadLettersTheConfirmationWhichTheAdminApiListsAndReplaysOnce() throws Exception {
        String email = customer();
        Payment payment = payment(email, 5000, "EUR");
        smtp.stop();
        move(payment, PaymentStatus.SUCCEEDED);

        HubClient hub = new HubClient(port);
        String admin = "Bearer " + HubClient.TEST_ADMIN_KEY;
        JsonNode dead = await().atMost(WAIT).until(() -> deadLetterOf(hub, admin, payment.id()), Objects::nonNull);
        assertThat(dead.path("body").asText()).contains("\"status\":\"SUCCEEDED\"").doesNotContain(email);
        assertThat(dead.path("reason").asText()).contains("onnect").doesNotContain(email);
        // the claim was given up: a replay from the DLQ mails it
        String eventId = eventIdOf(payment.id(), "SUCCEEDED");
        await().atMost(WAIT).until(() -> ledgerState(eventId) == null);
        smtp = startSmtp();
        String replay = "/api/admin/dead-letters/" + dead.path("messageId").asText() + "/replay";
        assertThat(hub.post(replay + "?dryRun=true", "", "Authorization", admin).json().path("wouldReplay").asBoolean()).isTrue();
        assertThat(hub.post(replay, "", "Authorization", admin).status()).isEqualTo(200);
        assertThat(hub.post(replay, "", "Authorization", admin).status()).as("replayed once").isEqualTo(404);
        awaitMails(email, 1);
        await().atMost(WAIT).until(() -> "SENT".equals(ledgerState(eventId)));
        assertThat(mailsTo(email)).hasSize(1);
    }

    private JsonNode deadLetterOf(HubClient hub, String admin, String paymentId) {
        for (JsonNode letter : hub.get("/api/admin/dead-letters?queue=" + queue, "Authorization", admin).json().path("data")) {
            if (letter.path("body").asText().contains(paymentId)) {
                return letter;
            }
        }
        return null;
    }

    @Test
    void aMessageThatIsNotAPaymentEventIsDeadLetteredAtOnce() throws Exception {
        String marker = UUID.randomUUID().toString();
        jms.convertAndSend(queue, "not json " + marker);

        Message dead = jms.receiveSelected("DLQ." + queue, "hubFailureReason IS NOT NULL");
        assertThat(((TextMessage) dead).getText()).contains(marker);
        assertThat(dead.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    void theLedgerLetsOneDeliveryClaimAnEventAndAnotherTakeItOverOnlyAfterTheClaimExpired() {
        String key = "evt_ledger_" + UUID.randomUUID();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        ConfirmationLedger first = ledger(now);
        ConfirmationLedger sameTime = ledger(now.plusSeconds(1));
        ConfirmationLedger afterClaim = ledger(now.plus(Duration.ofMinutes(6)));

        assertThat(first.add(key)).isTrue();
        // a second delivery while the first is sending: neither sent nor dropped, but retried later
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sameTime.add(key))
                .isInstanceOf(ConfirmationInProgressException.class);
        // the first one's instance died mid-send: the claim expires and a later delivery takes it over, once
        assertThat(afterClaim.add(key)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> afterClaim.add(key))
                .isInstanceOf(ConfirmationInProgressException.class);
        assertThat(afterClaim.contains(key)).isFalse();

        assertThat(afterClaim.confirm(key)).isTrue();
        assertThat(afterClaim.add(key)).isFalse();
        assertThat(afterClaim.contains(key)).isTrue();
        // a sent confirmation is never given up by a late failure of another delivery
        assertThat(afterClaim.remove(key)).isFalse();
        assertThat(ledgerState(key)).isEqualTo("SENT");
    }

    @Test
    void aFailedSendGivesTheClaimUpForTheNextDelivery() {
        String key = "evt_ledger_" + UUID.randomUUID();
        ConfirmationLedger ledger = ledger(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(ledger.add(key)).isTrue();
        assertThat(ledger.remove(key)).isTrue();
        assertThat(ledger.add(key)).isTrue();
    }

    @Test
    void theMailerRunsWhenConfigured() {
        assertThat(camel.getRoute("mailPaymentConfirmations")).isNotNull();
    }

    // --- helpers

    private ConfirmationLedger ledger(Instant at) {
        ConfirmationProperties properties = new ConfirmationProperties();
        properties.setClaimTimeout(Duration.ofMinutes(5));
        return new ConfirmationLedger(jdbc, dialect, Clock.fixed(at, ZoneOffset.UTC), properties);
    }

    private static String customer() {
        return "maria." + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
    }

    /** A payment at the platform, PROVIDER_PENDING, whose request named the customer's e-mail (or none). */
    private Payment payment(String email, long amount, String currency) {
        String id = UUID.randomUUID().toString();
        String orderId = "order-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        String customer = email == null ? "" : ",\"customer\":{\"externalId\":\"user-1\",\"email\":\"" + email
                + "\",\"firstName\":\"María\"}";
        String kept = "{\"userId\":\"user-1\",\"orderId\":\"" + orderId + "\",\"amount\":" + amount + ",\"currency\":\""
                + currency + "\"" + customer + "}";
        Payment payment = new Payment(id, "billing", "pay_" + id, PaymentStatus.PROVIDER_PENDING, "user-1", orderId, amount,
                currency, 0, "key-" + id, null, null, now, now, kept, "test-client", null, null, null,
                "{\"type\":\"card\",\"brand\":\"visa\",\"last4\":\"4242\"}", false);
        Boolean inserted = transaction.execute(status -> payments.insertIfAbsent(payment));
        assertThat(inserted).isTrue();
        return payment;
    }

    /** Through the one entry of status changes: the outbox row, then the relay, then the mailer. */
    private void move(Payment payment, PaymentStatus target) {
        transaction.executeWithoutResult(status -> {
            Payment locked = payments.lockById(payment.id()).orElseThrow();
            assertThat(transitions.move(locked, target, target == PaymentStatus.FAILED ? "DECLINED" : null).status())
                    .isEqualTo(target);
        });
    }

    private static String event(Payment payment, String eventId, String eventType, String status) {
        return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"" + eventType + "\",\"paymentId\":\"" + payment.id()
                + "\",\"orderId\":\"" + payment.orderId() + "\",\"userId\":\"user-1\",\"status\":\"" + status
                + "\",\"amount\":" + payment.amount() + ",\"currency\":\"" + payment.currency()
                + "\",\"occurredAt\":\"2026-12-01T10:00:00Z\"}";
    }

    /** The eventId of the payments.events message that announced the payment's status. */
    private String eventIdOf(String paymentId, String status) {
        await().atMost(WAIT).until(() -> topic.forPayment(paymentId).stream()
                .anyMatch(event -> status.equals(event.path("status").asText())));
        return topic.forPayment(paymentId).stream().filter(event -> status.equals(event.path("status").asText()))
                .findFirst().orElseThrow().path("eventId").asText();
    }

    private String ledgerState(String key) {
        List<String> states = jdbc.queryForList("SELECT state FROM confirmation_mails WHERE event_id = ?", String.class, key);
        return states.isEmpty() ? null : states.get(0);
    }

    private List<MimeMessage> awaitMails(String email, int count) {
        await().atMost(WAIT).until(() -> mailsTo(email).size() >= count);
        return mailsTo(email);
    }

    private List<MimeMessage> mailsTo(String email) {
        if (!smtp.isRunning()) {
            return List.of();
        }
        List<MimeMessage> to = new ArrayList<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            try {
                Address[] recipients = mail.getRecipients(RecipientType.TO);
                if (recipients != null && Arrays.stream(recipients).anyMatch(address -> address.toString().equals(email))) {
                    to.add(mail);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return to;
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of the multipart/alternative mail's part of that type. */
    private static String part(MimeMessage mail, String type) {
        try {
            Object content = mail.getContent();
            if (!(content instanceof MimeMultipart multipart)) {
                return String.valueOf(content);
            }
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return String.valueOf(part.getContent());
                }
            }
            return "";
        } catch (jakarta.mail.MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
