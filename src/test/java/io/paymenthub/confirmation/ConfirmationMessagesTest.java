package io.paymenthub.confirmation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

class ConfirmationMessagesTest {

    @Test
    void amountsAreShownInMajorUnitsByTheCurrencysMinorUnit() {
        assertThat(ConfirmationMessages.majorUnits(5000, "EUR")).isEqualTo("50.00 EUR");
        assertThat(ConfirmationMessages.majorUnits(5, "USD")).isEqualTo("0.05 USD");
        assertThat(ConfirmationMessages.majorUnits(123456, "MXN")).isEqualTo("1234.56 MXN");
        assertThat(ConfirmationMessages.majorUnits(250000, "HUF")).isEqualTo("2500.00 HUF");
    }

    @Test
    void theHtmlPartEscapesWhatTheMerchantSentAndThePlainPartKeepsIt() throws Exception {
        ConfirmationMessages.Templates templates = ConfirmationMessages.Templates.load(new DefaultResourceLoader(),
                "classpath:confirmations/", "payment-succeeded");
        Map<String, Object> values = Map.of("shopName", "Tom & Jerry's", "orderId", "order-<9>", "paymentId", "p-1",
                "amount", "50.00 EUR", "fullRefund", true, "refundedAmount", "0.00 EUR", "occurredAt", "");

        assertThat(templates.html().execute(values)).contains("order-&lt;9&gt;").contains("Tom &amp; Jerry");
        assertThat(templates.text().execute(values)).contains("order-<9>").contains("Tom & Jerry's");
        assertThat(templates.subject().execute(values).trim()).isEqualTo("Tom & Jerry's: Payment received for order order-<9>");
    }
}
