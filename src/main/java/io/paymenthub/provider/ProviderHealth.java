package io.paymenthub.provider;

import java.util.Map;

/** A provider's own view of its platform for the {@code providers} health component. */
public interface ProviderHealth {

    String provider();

    /** {@code status} UP or DOWN, plus details of that platform (never a secret). */
    Map<String, Object> details();
}
