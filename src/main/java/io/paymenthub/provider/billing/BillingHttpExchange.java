package io.paymenthub.provider.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.provider.PlatformCallMetrics;
import io.paymenthub.provider.PlatformMessages;
import io.paymenthub.provider.PlatformKeyInUseException;
import io.paymenthub.provider.PlatformLoginRefusedException;
import io.paymenthub.provider.PlatformRefusedException;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.provider.ProviderCredentials;
import io.paymenthub.provider.PlatformUnavailableException;
import io.paymenthub.provider.TokenRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Both ends of one HTTP call to the billing platform: {@link #prepare} turns the {@link PlatformRequest}
 * of the exchange into a clean HTTP request (no header of the caller's travels on: a client's API key
 * never reaches the platform), and {@link #interpret} turns the answer into the platform's JSON or
 * into the failure that decides retrying: 401 → {@link TokenRejectedException}, 408/429/5xx →
 * {@link PlatformUnavailableException}, a refused login → {@link PlatformLoginRefusedException}, 409 to a
 * create with the hub's key → {@link PlatformKeyInUseException} (both retried like an outage), other 4xx →
 * {@link PlatformRefusedException}.
 */
@Component("billingHttpExchange")
public class BillingHttpExchange {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BillingHttpExchange.class);

    static final String REQUEST = "hubPlatformRequest";
    static final String USED_TOKEN = "hubPlatformToken";
    private static final String LOGIN = "POST /auth/login";

    private final BillingEndpoint endpoint;
    private final BillingTokenCache tokens;
    private final ObjectMapper objectMapper;
    private final PlatformCallMetrics metrics;
    private final ProviderCredentials credentials;

    public BillingHttpExchange(BillingEndpoint endpoint, BillingTokenCache tokens, ObjectMapper objectMapper,
                               PlatformCallMetrics metrics, ProviderCredentials credentials) {
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.tokens = tokens;
        this.objectMapper = objectMapper;
        this.metrics = metrics;
    }

    public void prepare(Exchange exchange) {
        PlatformRequest request = exchange.getProperty(REQUEST, PlatformRequest.class);
        String token = tokens.token();
        exchange.setProperty(USED_TOKEN, token);
        Message message = exchange.getMessage();
        PlatformMessages.write(message, request, endpoint.baseUrl());
        message.setHeader("Authorization", "Bearer " + token);
    }

    public void prepareLogin(Exchange exchange) {
        Message message = exchange.getMessage();
        PlatformMessages.clear(message);
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.HTTP_URI, endpoint.baseUrl() + "/auth/login");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Accept", "application/json");
        try {
            message.setBody(objectMapper.writeValueAsBytes(
                    java.util.Map.of("tenantId", endpoint.tenantId(), "secret", endpoint.tenantSecret())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the platform's JSON answer of a 2xx call */
    public JsonNode interpret(Exchange exchange) {
        PlatformRequest request = exchange.getProperty(REQUEST, PlatformRequest.class);
        return interpret(exchange, request);
    }

    public BillingTokenCache.AccessToken interpretLogin(Exchange exchange) {
        JsonNode json = interpret(exchange, null);
        credentials.accepted(BillingConnector.NAME);
        if (!json.path("accessToken").isTextual()) {
            throw new PlatformUnavailableException(502);
        }
        return new BillingTokenCache.AccessToken(json.path("accessToken").asText(), json.path("expiresIn").asLong(3600));
    }

    /** @param request the call answered, null for the hub's own login */
    private JsonNode interpret(Exchange exchange, PlatformRequest request) {
        String endpointName = request == null ? LOGIN : request.endpoint();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        JsonNode json = readJson(exchange.getMessage().getBody(byte[].class));
        PlatformMessages.clear(exchange.getMessage());
        if (status != null && status >= 200 && status < 300) {
            return json;
        }
        int code = status == null ? 0 : status;
        countError(endpointName, Integer.toString(code));
        if (code == 408 || code == 429 || code >= 500 || code == 0) {
            throw new PlatformUnavailableException(code);
        }
        if (request == null) {
            // any refusal of the login itself (401 wrong credentials, 403 forbidden tenant, 404 a base URL
            // without the platform behind it) is the hub's configuration, not the customer's payment: the
            // payment waits (QUEUED) until an operator fixes it instead of failing for good
            log.error("The billing platform refused the hub's login with HTTP {} {}: check hub.providers.billing.base-url, "
                    + "tenant-id and tenant-secret", code, json.path("code").asText(""));
            credentials.refused(BillingConnector.NAME);
            metrics.credentialsRefused(BillingConnector.NAME);
            throw new PlatformLoginRefusedException(code);
        }
        if (code == 401) {
            String used = exchange.getProperty(USED_TOKEN, String.class);
            tokens.reject(used);
            throw new TokenRejectedException();
        }
        if (code == 409 && isCreate(request)) {
            // the hub sends one body per key: a conflict on its own key is another attempt with that key, whose
            // outcome a later attempt gets from the platform (contract section 5), not a refusal of the payment
            throw new PlatformKeyInUseException(json.path("code").asText("HTTP_409"));
        }
        throw new PlatformRefusedException(code, json.path("code").asText("HTTP_" + code), json.path("message").asText(null));
    }

    /** {@code POST {base}/payments} with the hub's Idempotency-Key: the call that creates a payment. */
    private static boolean isCreate(PlatformRequest request) {
        return "POST".equals(request.method()) && "/payments".equals(request.path()) && request.idempotencyKey() != null;
    }

    private void countError(String endpointName, String status) {
        metrics.failed(BillingConnector.NAME, endpointName, status);
    }

    private JsonNode readJson(byte[] body) {
        return PlatformMessages.readJson(objectMapper, body);
    }
}
