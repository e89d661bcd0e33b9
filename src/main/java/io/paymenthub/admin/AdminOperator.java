package io.paymenthub.admin;

import io.paymenthub.common.HubHttpException;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * The operator behind an admin request, for the admin routes' audit lines: the name of the admin key that
 * {@link AdminAuthenticationFilter} accepted (its request attribute {@value AdminAuthenticationFilter#OPERATOR}).
 * The route keeps it as an exchange property, which no caller can set (a header of that name would be the caller's
 * word). A request that did not pass the filter has no operator and is refused.
 */
@Component("adminOperator")
public class AdminOperator {

    public String name(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null
                && http.getRequest().getAttribute(AdminAuthenticationFilter.OPERATOR) instanceof String operator) {
            return operator;
        }
        throw new HubHttpException(401, "UNAUTHORIZED", "A valid admin API key is required");
    }
}
