package io.paymenthub.webhook;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a webhook setting that cannot work as Spring Boot's start-up failure report, without a stack trace. */
public class WebhookSettingFailureAnalyzer extends AbstractFailureAnalyzer<WebhookProviders.InvalidSetting> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WebhookProviders.InvalidSetting cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix that setting: hub.providers.<provider>.webhook-scheme is standard-webhooks (secrets whsec_ + base64),"
                        + " stripe or hmac-sha256-hex (any non-blank secret); webhook-secrets is a comma-separated list.",
                cause);
    }
}
