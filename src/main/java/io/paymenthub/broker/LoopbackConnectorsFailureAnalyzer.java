package io.paymenthub.broker;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a port of the embedded broker's door that is in use as Spring Boot's start-up failure report. */
public class LoopbackConnectorsFailureAnalyzer extends AbstractFailureAnalyzer<LoopbackConnectors.PortInUse> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LoopbackConnectors.PortInUse cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + cause.setting() + " to a free port, or " + LoopbackConnectors.LISTEN_SETTING
                        + "=false if no other program on this machine needs the hub's broker.",
                cause);
    }
}
