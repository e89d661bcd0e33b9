package io.paymenthub.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a provider base URL refused by {@link HttpsProvidersStartupCheck} as Spring Boot's start-up failure report. */
public class HttpsProvidersStartupFailureAnalyzer extends AbstractFailureAnalyzer<HttpsProvidersStartupCheck.Refused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, HttpsProvidersStartupCheck.Refused cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Configure the provider's https:// base URL, or set " + HttpsProvidersStartupCheck.SETTING
                        + "=false outside production.",
                cause);
    }
}
