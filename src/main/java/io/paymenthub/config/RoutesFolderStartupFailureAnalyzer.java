package io.paymenthub.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an unusable routes folder as Spring Boot's start-up failure report, without a stack trace. */
public class RoutesFolderStartupFailureAnalyzer extends AbstractFailureAnalyzer<RoutesFolder.Refused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RoutesFolder.Refused cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + RoutesFolder.PROPERTY + " to a folder of route files (*.yaml), or leave it unset to run the"
                        + " routes the hub ships.",
                cause);
    }
}
