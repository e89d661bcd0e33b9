package io.paymenthub.logging;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Gives every flow that enters the hub through one of its doors (an HTTP route, a queue consumer) its correlation id
 * as it begins ({@link CorrelationIds#enter}): the caller's {@code X-Correlation-Id} header or {@code hubCorrelationId}
 * JMS property when it is a plain token, else the exchange's id. Routes called from another route keep the caller's id; timer
 * routes have none of their own (what they send carries the id of the flow that wrote the row). One place for every
 * route, so no route file has to remember it.
 */
public class CorrelationRoutePolicyFactory implements RoutePolicyFactory {

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new CorrelationRoutePolicy();
    }

    static final class CorrelationRoutePolicy extends RoutePolicySupport {

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            if (exchange.getProperty(CorrelationIds.PROPERTY) != null || !route.getRouteId().equals(exchange.getFromRouteId())) {
                return;
            }
            String scheme = route.getEndpoint().getEndpointUri();
            if (scheme.startsWith("platform-http:")) {
                CorrelationIds.enter(exchange, exchange.getMessage().getHeader(CorrelationIds.HTTP_HEADER, String.class));
            } else if (scheme.startsWith("activemq6:")) {
                CorrelationIds.enter(exchange, exchange.getMessage().getHeader(CorrelationIds.PROPERTY, String.class));
            }
        }
    }
}
