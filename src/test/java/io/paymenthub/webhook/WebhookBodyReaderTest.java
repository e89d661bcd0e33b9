package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class WebhookBodyReaderTest {

    private static final byte[] TEN_BYTES = "0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ELEVEN_BYTES = "0123456789A".getBytes(StandardCharsets.UTF_8);

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final WebhookBodyReader reader = new WebhookBodyReader(maxBodySize(10));

    private static HubProperties maxBodySize(long bytes) {
        HubProperties properties = new HubProperties();
        properties.getWebhooks().setMaxBodySize(DataSize.ofBytes(bytes));
        return properties;
    }

    @AfterEach
    void closeCamel() throws Exception {
        camel.close();
    }

    private Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private static void assertTooLarge(Exchange exchange, WebhookBodyReader reader) {
        assertThatThrownBy(() -> reader.read(exchange))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(413);
                    assertThat(e.getCode()).isEqualTo("PAYLOAD_TOO_LARGE");
                });
    }

    @Test
    void bodyOfExactlyMaxSizeFromStreamIsKeptAsExactBytes() throws Exception {
        Exchange exchange = exchange(new ByteArrayInputStream(TEN_BYTES));

        reader.read(exchange);

        assertThat(exchange.getMessage().getBody()).isInstanceOf(byte[].class).isEqualTo(TEN_BYTES);
    }

    @Test
    void bodyOfExactlyMaxSizeFromStringIsKeptAsExactBytes() throws Exception {
        Exchange exchange = exchange("0123456789");

        reader.read(exchange);

        assertThat(exchange.getMessage().getBody()).isInstanceOf(byte[].class).isEqualTo(TEN_BYTES);
    }

    @Test
    void nonAsciiBytesAreKeptUnchanged() throws Exception {
        byte[] utf8 = "{\"n\":\"é€\"}".getBytes(StandardCharsets.UTF_8);
        Exchange exchange = exchange(new ByteArrayInputStream(utf8));

        new WebhookBodyReader(maxBodySize(utf8.length)).read(exchange);

        assertThat(exchange.getMessage().getBody(byte[].class)).isEqualTo(utf8);
    }

    @Test
    void missingBodyBecomesEmptyBytes() throws Exception {
        Exchange exchange = exchange(null);

        reader.read(exchange);

        assertThat(exchange.getMessage().getBody()).isInstanceOf(byte[].class).isEqualTo(new byte[0]);
    }

    @Test
    void bodyOverMaxSizeFromStreamIsRefusedWith413() {
        assertTooLarge(exchange(new ByteArrayInputStream(ELEVEN_BYTES)), reader);
    }

    @Test
    void bodyOverMaxSizeFromStringIsRefusedWith413() {
        assertTooLarge(exchange("0123456789A"), reader);
    }

    @Test
    void oversizedStreamIsReadOnlyOneByteBeyondTheMax() {
        AtomicInteger read = new AtomicInteger();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 'x';
            }
        };

        assertTooLarge(exchange(endless), reader);
        assertThat(read.get()).isEqualTo(11);
    }

    @Test
    void declaredContentLengthOverMaxIsRefusedWithoutReadingBody() {
        AtomicInteger read = new AtomicInteger();
        InputStream body = new ByteArrayInputStream(TEN_BYTES) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                read.incrementAndGet();
                return super.read(b, off, len);
            }

            @Override
            public synchronized int read() {
                read.incrementAndGet();
                return super.read();
            }
        };
        Exchange exchange = exchange(body);
        exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, "11");

        assertTooLarge(exchange, reader);
        assertThat(read.get()).isZero();
        assertThat(exchange.getMessage().getBody()).isSameAs(body);
    }
    private Exchange declared(byte[] body, String contentType) {
        Exchange exchange = exchange(body);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        return exchange;
    }

    @Test
    void latin1BodyIsHandedOnAsUtf8AfterTheSignatureCheck() {
        Exchange exchange = declared("{\"n\":\"Mar\u00eda\"}".getBytes(StandardCharsets.ISO_8859_1), "application/json; charset=ISO-8859-1");

        reader.toUtf8(exchange);

        assertThat(exchange.getMessage().getBody(byte[].class)).isEqualTo("{\"n\":\"Mar\u00eda\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void utf8OrUndeclaredBodyIsLeftAsSent() {
        byte[] notUtf8 = {(byte) 0xff};
        Exchange utf8 = declared(notUtf8, "application/json; charset=utf-8");
        Exchange undeclared = declared(notUtf8, "application/json");

        reader.toUtf8(utf8);
        reader.toUtf8(undeclared);

        assertThat(utf8.getMessage().getBody(byte[].class)).isEqualTo(notUtf8);
        assertThat(undeclared.getMessage().getBody(byte[].class)).isEqualTo(notUtf8);
    }

    @Test
    void bodyInvalidInItsDeclaredCharsetOrAnUnknownCharsetIsMalformed() {
        for (Exchange exchange : new Exchange[] {declared(new byte[] {(byte) 0xff}, "application/json; charset=us-ascii"),
                declared(new byte[] {'{', '}'}, "application/json; charset=no-such-charset")}) {
            assertThatThrownBy(() -> reader.toUtf8(exchange))
                    .isInstanceOfSatisfying(HubHttpException.class, e -> {
                        assertThat(e.getStatus()).isEqualTo(400);
                        assertThat(e.getCode()).isEqualTo("MALFORMED_EVENT");
                    });
        }
    }
}
