package io.paymenthub.common;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns the exception that ended an HTTP route into the contract's JSON error body and status.
 * Anything that is not a {@link HubHttpException} becomes a generic message, so no SQL, stack trace
 * or secret can reach a client.
 */
@Component("errorResponder")
public class ErrorResponder {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponder.class);

    private final DependencyStates dependencies;

    public ErrorResponder(DependencyStates dependencies) {
        this.dependencies = dependencies;
    }

    /** For refusals the hub decided itself (bad input, auth, not found). */
    public void refused(Exchange exchange) {
        HubHttpException refusal = HubHttpException.in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        if (refusal == null) {
            failed(exchange);
            return;
        }
        respond(exchange, refusal.getStatus(), refusal.getCode(), refusal.getMessage());
    }

    /** For a database or broker that cannot be reached: the caller should try again later. */
    public void unavailable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // one line per answer; the outage itself is logged once, with its stack trace, by DependencyStates
        DependencyStates.Dependency dependency = DependencyStates.of(cause);
        if (dependency != null) {
            dependencies.failed(dependency, cause);
        }
        log.warn("Answered 503 on {}: {}", routeId(exchange), DependencyStates.reason(cause));
        respond(exchange, 503, "UNAVAILABLE", "Service temporarily unavailable, please retry");
    }

    /** For a platform refusal no route turned into a payment state (e.g. a verify of an id it does not know). */
    public void platformRefused(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        log.warn("Platform refused a call on {}: {}", routeId(exchange), cause == null ? "unknown" : cause.getMessage());
        respond(exchange, 502, "PLATFORM_ERROR", "The payment platform refused the request");
    }

    /** For anything unexpected: logged with its type, answered without detail. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        log.error("Unexpected failure on {}: {}", routeId(exchange), describe(cause), cause);
        respond(exchange, 500, "INTERNAL_ERROR", "Internal error");
    }

    /** Writes the contract's error body and status. */
    public void respond(Exchange exchange, int status, String code, String message) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(ContractErrorBody.of(code, message));
    }

    private static String routeId(Exchange exchange) {
        return exchange.getFromRouteId();
    }

    private static String describe(Throwable cause) {
        return cause == null ? "unknown" : cause.getClass().getSimpleName();
    }
}
