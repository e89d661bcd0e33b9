package io.paymenthub.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a refused sandbox configuration as Spring Boot's start-up failure report, without a stack trace. */
public class SandboxStartupFailureAnalyzer extends AbstractFailureAnalyzer<SandboxStartupCheck.Refused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SandboxStartupCheck.Refused cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Configure hub.api-keys and hub.providers.billing.base-url, tenant-secret and webhook-secrets for the"
                        + " real platform, or none of them for the built-in sandbox.",
                cause);
    }
}
