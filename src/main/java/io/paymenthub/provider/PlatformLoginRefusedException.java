package io.paymenthub.provider;

/**
 * The platform refused the hub's own login (any 4xx but 408/429: wrong tenant credentials, a forbidden
 * tenant, a base URL without the platform's API behind it). That is a fault of the hub's configuration,
 * not the customer's payment: the payment waits (QUEUED) like in an outage until an operator fixes it.
 */
public class PlatformLoginRefusedException extends PlatformUnavailableException {

    public PlatformLoginRefusedException(int status) {
        super(status, "The billing platform refused the hub's login: HTTP " + status);
    }
}
