package io.paymenthub.confirmation;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.paymenthub.logging.LifecycleLog;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRepository;
import io.paymenthub.provider.PaymentProviders;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Writes the customer's confirmation of one payments.events message from the Mustache templates
 * ({@code hub.confirmations.templates}: {@code <kind>.subject.mustache}, {@code .txt.mustache}, {@code .html.mustache}):
 * subject with the order id, the amount in major units with its currency ({@code 50.00 EUR}), never card data. The
 * recipient is the {@code customer.email} the payment request gave, as the payment keeps it (read through its
 * provider's connector); a payment without one gets no mail.
 */
@Component("confirmationMessages")
public class ConfirmationMessages {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationMessages.class);

    private final PaymentRepository payments;
    private final PaymentProviders providers;
    private final ObjectMapper objectMapper;
    private final String shopName;
    private final Map<ConfirmationKind, Templates> templates = new EnumMap<>(ConfirmationKind.class);

    public ConfirmationMessages(PaymentRepository payments, PaymentProviders providers, ObjectMapper objectMapper,
                                ConfirmationProperties properties, ResourceLoader resources) throws IOException {
        this.payments = payments;
        this.providers = providers;
        this.objectMapper = objectMapper;
        this.shopName = properties.getShopName();
        if (properties.isEnabled()) {
            // a missing or broken template stops start-up, not the first customer's mail
            Map<String, Templates> byName = new HashMap<>();
            for (ConfirmationKind kind : ConfirmationKind.values()) {
                Templates loaded = byName.get(kind.template());
                if (loaded == null) {
                    loaded = Templates.load(resources, properties.getTemplates(), kind.template());
                    byName.put(kind.template(), loaded);
                }
                templates.put(kind, loaded);
            }
        }
    }

    /**
     * @param event a payments.events message
     * @return the mail, or null when the event gets none (its status, or no address known)
     * @throws JsonProcessingException for a body that is not JSON (dead-lettered at once)
     */
    public ConfirmationMail compose(@Body String event) throws JsonProcessingException {
        JsonNode body = objectMapper.readTree(event);
        String eventId = body.path("eventId").asText("");
        String paymentId = body.path("paymentId").asText("");
        Optional<ConfirmationKind> kind = ConfirmationKind.of(body.path("status").asText(""));
        if (kind.isEmpty()) {
            return null;
        }
        if (eventId.isBlank() || paymentId.isBlank()) {
            throw new UnusableConfirmationEventException("A payments.events message without eventId or paymentId");
        }
        Payment payment = payments.findById(paymentId)
                .orElseThrow(() -> new IllegalStateException("No payment " + paymentId + " for event " + eventId));
        Optional<String> to = providers.isConfigured(payment.provider())
                ? providers.of(payment.provider()).customerEmail(payment) : Optional.empty();
        if (to.isEmpty()) {
            log.info("No confirmation mailed: the payment names no customer e-mail eventId={} paymentId={} status={}",
                    eventId, paymentId, kind.get());
            return null;
        }
        Map<String, Object> values = new HashMap<>();
        values.put("shopName", shopName);
        values.put("orderId", payment.orderId());
        values.put("paymentId", payment.id());
        values.put("amount", majorUnits(payment.amount(), payment.currency()));
        boolean full = kind.get() != ConfirmationKind.PARTIALLY_REFUNDED;
        values.put("fullRefund", full);
        values.put("refundedAmount", majorUnits(full && kind.get() == ConfirmationKind.REFUNDED
                ? payment.amount() : payment.refundedAmount(), payment.currency()));
        values.put("occurredAt", body.path("occurredAt").asText(""));
        Templates mail = templates.get(kind.get());
        if (mail == null) {
            throw new IllegalStateException("Confirmations are not enabled");
        }
        return new ConfirmationMail(eventId, paymentId, kind.get(), to.get(), oneLine(mail.subject().execute(values)),
                mail.text().execute(values), mail.html().execute(values));
    }

    /** The log line of a mail the SMTP server accepted: the address masked. */
    public void sent(@ExchangeProperty("hubConfirmation") ConfirmationMail mail) {
        LifecycleLog.info(log, "confirmation.sent", "Confirmation mailed", "eventId", mail.eventId(),
                "paymentId", mail.paymentId(), "kind", mail.kind(), "to", mail.maskedTo());
    }

    /** 5000 EUR cents → {@code 50.00 EUR}; by the currency's ISO 4217 minor unit. */
    static String majorUnits(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    }

    /** A subject is one header line: no line break from a template or a value can add a header. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").trim();
    }

    record Templates(Template subject, Template text, Template html) {

        static Templates load(ResourceLoader resources, String location, String name) throws IOException {
            Mustache.Compiler plain = Mustache.compiler().escapeHTML(false).strictSections(false);
            Mustache.Compiler html = Mustache.compiler().escapeHTML(true).strictSections(false);
            return new Templates(compile(plain, resources, location + name + ".subject.mustache"),
                    compile(plain, resources, location + name + ".txt.mustache"),
                    compile(html, resources, location + name + ".html.mustache"));
        }

        private static Template compile(Mustache.Compiler compiler, ResourceLoader resources, String path) throws IOException {
            Resource resource = resources.getResource(path);
            if (!resource.exists()) {
                throw new IllegalStateException("Confirmation template " + path + " is missing (hub.confirmations.templates)");
            }
            try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
                return compiler.compile(reader);
            }
        }
    }
}
