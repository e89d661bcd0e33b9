package io.paymenthub.common;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * platform-http's Spring Boot engine, with two settings the hub needs on every HTTP route:
 * <ul>
 *   <li>the body reaches the route as the bytes that were sent ({@code useStreaming}); by default platform-http
 *       reads it through a Reader, decoding and re-encoding it with the declared charset, so a signature over
 *       the raw body no longer matches and a body that is not valid UTF-8 fails before any route step;</li>
 *   <li>when the exchange pool and its queue are full, the request is answered at once with 503
 *       {@code UNAVAILABLE}, instead of the executor's rejection becoming a 500;</li>
 *   <li>the TCP peer's address is the exchange property {@link #PEER_ADDRESS}: a property, which no client can
 *       set, where a header of the same name would be the client's word (device information, contract 5b).</li>
 * </ul>
 */
public class HubPlatformHttpEngine extends SpringBootPlatformHttpEngine {

    /** The exchange property with the address of the TCP peer that sent the request. */
    public static final String PEER_ADDRESS = "hubPeerAddress";

    private final Executor executor;

    public HubPlatformHttpEngine(int port, Executor executor) {
        super(port, executor);
        this.executor = executor;
    }

    /** Routes under this path call no platform: they run on the request's own thread (see {@link OverloadAnsweringConsumer}). */
    static final String INLINE_PATHS = "/webhooks/";

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        endpoint.setUseStreaming(true);
        return new OverloadAnsweringConsumer(endpoint, processor, executor, endpoint.getPath().startsWith(INLINE_PATHS));
    }

    /**
     * A route that may wait for a platform (seconds, with retries) runs on the exchange pool, so that the wait holds
     * a pool thread, not one of the container's. The webhook endpoint waits only for its own group commit (bounded by
     * {@code hub.webhooks.inbox.commit-timeout}): it runs inline, on the thread that already has the request, which
     * saves a thread hand-off and a third pass of the request through the servlet filters and Spring MVC (the
     * profile of the webhook benchmark showed that pass as about a tenth of the hub's time per webhook).
     */
    static final class OverloadAnsweringConsumer extends SpringBootPlatformHttpConsumer {

        private static final Logger log = LoggerFactory.getLogger(OverloadAnsweringConsumer.class);
        /** The peer of the request being handled on this thread, while handleService creates its exchange. */
        private static final ThreadLocal<String> PEER = new ThreadLocal<>();

        private final boolean inline;

        OverloadAnsweringConsumer(PlatformHttpEndpoint endpoint, Processor processor, Executor executor, boolean inline) {
            super(endpoint, processor, executor);
            this.inline = inline;
        }

        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            if (inline) {
                // null: Spring MVC takes the request as handled, no asynchronous result to wait for
                serviceInline(request, response);
                return null;
            }
            try {
                return super.service(request, response);
            } catch (RejectedExecutionException overloaded) {
                // a full pool and queue: telling the client now beats a 30 s wait for a timeout
                log.warn("HTTP exchange pool full, answering 503 to {} {}", request.getMethod(), request.getRequestURI());
                try {
                    ContractErrorBody.write(response, 503, "UNAVAILABLE", "Service temporarily unavailable, please retry", false);
                } catch (IOException e) {
                    log.debug("Could not answer 503: {}", e.toString());
                }
                return CompletableFuture.completedFuture(null);
            }
        }

        private void serviceInline(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                // as platform-http does for an exchange on the pool: the route's error policy answered what it knew
                log.warn("Error handling request: {}", e.toString());
                if (!response.isCommitted()) {
                    try {
                        response.sendError(500);
                    } catch (IOException ignored) {
                        // the client has gone
                    }
                }
            }
        }

        @Override
        protected void handleService(HttpServletRequest request, HttpServletResponse response) throws Exception {
            PEER.set(request.getRemoteAddr());
            try {
                super.handleService(request, response);
            } finally {
                PEER.remove();
            }
        }

        @Override
        public Exchange createExchange(boolean autoRelease) {
            Exchange exchange = super.createExchange(autoRelease);
            String peer = PEER.get();
            if (peer != null) {
                exchange.setProperty(PEER_ADDRESS, peer);
            }
            return exchange;
        }
    }
}
