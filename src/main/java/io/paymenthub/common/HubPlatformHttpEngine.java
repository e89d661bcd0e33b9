package io.paymenthub.common;

import java.util.concurrent.Executor;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;

/**
 * platform-http's Spring Boot engine, with what the hub needs on every HTTP route: the body reaches the route
 * as the bytes that were sent ({@code useStreaming}); by default platform-http reads it through a Reader,
 * decoding and re-encoding it with the declared charset, so a signature over the raw body no longer matches
 * and a body that is not valid UTF-8 fails before any route step.
 */
public class HubPlatformHttpEngine extends SpringBootPlatformHttpEngine {

    private final Executor executor;

    public HubPlatformHttpEngine(int port, Executor executor) {
        super(port, executor);
        this.executor = executor;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        endpoint.setUseStreaming(true);
        return new SpringBootPlatformHttpConsumer(endpoint, processor, executor);
    }

}
