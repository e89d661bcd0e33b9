package io.paymenthub.provider.cheqpay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.config.HubProperties;
import io.paymenthub.provider.PlatformCallMetrics;
import io.paymenthub.provider.PlatformMessages;
import io.paymenthub.provider.PlatformLoginRefusedException;
import io.paymenthub.provider.PlatformRefusedException;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.provider.ProviderCredentials;
import io.paymenthub.provider.PlatformUnavailableException;
import io.paymenthub.provider.ProviderBaseUrl;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Both ends of one HTTP call to Cheqpay (contract section 5b): {@link #prepare} sends the request with
 * {@code x-api-key} and {@code x-merchant-id} (from {@code hub.providers.cheqpay.api-key / merchant-id}, which come
 * from the environment or an uncommitted .env) and nothing of the caller's; {@link #interpret} turns the answer
 * into JSON or the failure that decides retrying. Cheqpay's errors are {@code {"error":{"code","message"}}}:
 * 408/429/5xx → {@link PlatformUnavailableException} (retried, seed 004 "only retry server errors"), 401 → the
 * key was refused ({@link PlatformLoginRefusedException}: the hub's configuration, never the customer's card),
 * any other 4xx (422 declines, 400 validation, 404, 409) → {@link PlatformRefusedException} with Cheqpay's code.
 */
@Component("cheqpayHttpExchange")
public class CheqpayHttpExchange {

    private static final Logger log = LoggerFactory.getLogger(CheqpayHttpExchange.class);
    static final String REQUEST = "hubPlatformRequest";

    private final ProviderBaseUrl baseUrl;
    private final HubProperties properties;
    private final ProviderCredentials credentials;
    private final PlatformCallMetrics metrics;
    private final ObjectMapper objectMapper;

    public CheqpayHttpExchange(ProviderBaseUrl baseUrl, HubProperties properties, ProviderCredentials credentials,
                               PlatformCallMetrics metrics, ObjectMapper objectMapper) {
        this.baseUrl = baseUrl;
        this.properties = properties;
        this.credentials = credentials;
        this.metrics = metrics;
        this.objectMapper = objectMapper;
    }

    public void prepare(Exchange exchange) {
        PlatformRequest request = exchange.getProperty(REQUEST, PlatformRequest.class);
        HubProperties.Provider cheqpay = properties.getProviders().get(CheqpayConnector.NAME);
        Message message = exchange.getMessage();
        PlatformMessages.write(message, request, baseUrl.of(CheqpayConnector.NAME));
        message.setHeader("x-api-key", required(cheqpay.getApiKey(), "api-key"));
        message.setHeader("x-merchant-id", required(cheqpay.getMerchantId(), "merchant-id"));
    }

    /** @return Cheqpay's JSON answer of a 2xx call */
    public JsonNode interpret(Exchange exchange) {
        PlatformRequest request = exchange.getProperty(REQUEST, PlatformRequest.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        JsonNode json = readJson(exchange.getMessage().getBody(byte[].class));
        PlatformMessages.clear(exchange.getMessage());
        // the request body (it may hold card data) is gone from the message with the answer
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            credentials.accepted(CheqpayConnector.NAME);
            return json;
        }
        metrics.failed(CheqpayConnector.NAME, request.endpoint(), Integer.toString(code));
        if (code == 408 || code == 429 || code >= 500 || code == 0) {
            throw new PlatformUnavailableException(code);
        }
        String errorCode = json.path("error").path("code").asText("HTTP_" + code);
        if (code == 401) {
            credentials.refused(CheqpayConnector.NAME);
            metrics.credentialsRefused(CheqpayConnector.NAME);
            log.error("Cheqpay refused the hub's API key with HTTP 401 {}: check hub.providers.cheqpay.api-key, merchant-id "
                    + "and base-url (a sandbox key does not work in production and the other way round)", errorCode);
            throw new PlatformLoginRefusedException(code);
        }
        credentials.accepted(CheqpayConnector.NAME);
        throw new PlatformRefusedException(code, errorCode, json.path("error").path("message").asText(null));
    }

    private static String required(String value, String setting) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("hub.providers.cheqpay." + setting + " is not set");
        }
        return value;
    }

    private JsonNode readJson(byte[] body) {
        return PlatformMessages.readJson(objectMapper, body);
    }
}
