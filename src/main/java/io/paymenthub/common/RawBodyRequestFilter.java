package io.paymenthub.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the request body before anything else runs, as the exact bytes that were sent, and hands the routes a
 * {@link RawBodyRequest} over them. The body is read without blocking a thread (servlet non-blocking I/O: a
 * client that sends slowly holds a connection, never a thread), refused with 413 as soon as it exceeds the
 * limit (declared or chunked: at most the limit is kept in memory), with 408 when it has not fully arrived
 * within the deadline, and with 400 when it cannot be read (a broken chunked encoding). Only then is the
 * request dispatched to platform-http, whose exchange therefore never waits for a client.
 */
public class RawBodyRequestFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RawBodyRequestFilter.class);
    /** Where the body waits between the read and the dispatch to the routes. */
    static final String BODY_ATTRIBUTE = RawBodyRequestFilter.class.getName() + ".body";

    private static final String WEBHOOKS = "/webhooks/";

    private final long webhookLimit;
    private final long apiLimit;
    private final long deadlineMillis;

    public RawBodyRequestFilter(DataSize webhookLimit, DataSize apiLimit, Duration deadline) {
        this.webhookLimit = webhookLimit.toBytes();
        this.apiLimit = apiLimit.toBytes();
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // the dispatch after the body has arrived must see the body too
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(BODY_ATTRIBUTE) instanceof byte[] body) {
            chain.doFilter(new RawBodyRequest(request, body), response);
            return;
        }
        long limit = request.getRequestURI().startsWith(WEBHOOKS) ? webhookLimit : apiLimit;
        if (request.getContentLengthLong() > limit) {
            tooLarge(response);
            return;
        }
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(new RawBodyRequest(request, new byte[0]), response);
            return;
        }
        if (!request.isAsyncSupported()) {
            // a chain that cannot go asynchronous: read here, on this thread, within the same limit
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                tooLarge(response);
                return;
            }
            chain.doFilter(new RawBodyRequest(request, body), response);
            return;
        }
        byte[] arrived = new byte[0];
        long declared = request.getContentLengthLong();
        if (declared > 0 && request.getHeader("Transfer-Encoding") == null) {
            // usually a small body came in the same packets as the headers: it is taken here, on this thread, from what
            // the container holds already, which saves a second dispatch of the request; never waits for more
            arrived = readWhatHasArrived(request.getInputStream(), (int) declared);
            if (arrived.length == declared) {
                // kept for a later asynchronous dispatch of the same request (an /api route's answer)
                request.setAttribute(BODY_ATTRIBUTE, arrived);
                chain.doFilter(new RawBodyRequest(request, arrived), response);
                return;
            }
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(deadlineMillis);
        BodyRead read = new BodyRead(async, request.getInputStream(), response, limit);
        read.body.write(arrived, 0, arrived.length);
        async.addListener(read);
        request.getInputStream().setReadListener(read);
    }

    /**
     * The bytes of the body that have arrived, up to {@code length}: {@code available()} says whether the container
     * holds more without reading the connection, so a read after it returns at once. Memory grows with what arrived,
     * not with what the client declared (a client may declare the limit and send nothing).
     */
    private static byte[] readWhatHasArrived(ServletInputStream in, int length) throws IOException {
        ByteArrayOutputStream arrived = new ByteArrayOutputStream(Math.min(length, 8192));
        byte[] buffer = new byte[Math.min(length, 8192)];
        while (arrived.size() < length && in.available() > 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, length - arrived.size()));
            if (n < 0) {
                break;
            }
            arrived.write(buffer, 0, n);
        }
        return arrived.toByteArray();
    }

    private static void tooLarge(HttpServletResponse response) throws IOException {
        ContractErrorBody.write(response, 413, "PAYLOAD_TOO_LARGE", "The request body is too large", true);
    }

    /** One body being read: whichever of data, end, error or deadline comes first decides, once. */
    private static final class BodyRead implements ReadListener, AsyncListener {

        private final AsyncContext async;
        private final ServletInputStream in;
        private final HttpServletResponse response;
        private final long limit;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] buffer = new byte[8192];
        private final AtomicBoolean decided = new AtomicBoolean();

        BodyRead(AsyncContext async, ServletInputStream in, HttpServletResponse response, long limit) {
            this.async = async;
            this.in = in;
            this.response = response;
            this.limit = limit;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!decided.get() && in.isReady()) {
                int read = in.read(buffer);
                if (read < 0) {
                    return;
                }
                synchronized (body) {
                    body.write(buffer, 0, read);
                    if (body.size() > limit) {
                        answer(413, "PAYLOAD_TOO_LARGE", "The request body is too large");
                        return;
                    }
                }
            }
        }

        @Override
        public void onAllDataRead() {
            if (decided.compareAndSet(false, true)) {
                synchronized (body) {
                    async.getRequest().setAttribute(BODY_ATTRIBUTE, body.toByteArray());
                }
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable failure) {
            log.debug("Request body could not be read: {}", failure.toString());
            answer(400, "BAD_REQUEST", "The request body could not be read");
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            answer(408, "REQUEST_TIMEOUT", "The request body did not arrive in time");
        }

        @Override
        public void onError(AsyncEvent event) {
            answer(400, "BAD_REQUEST", "The request body could not be read");
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void answer(int status, String code, String message) {
            if (!decided.compareAndSet(false, true)) {
                return;
            }
            try {
                ContractErrorBody.write(response, status, code, message, true);
            } catch (IOException | RuntimeException e) {
                // the client has gone: nothing to tell it
                log.debug("Could not answer {}: {}", status, e.toString());
            } finally {
                async.complete();
            }
        }
    }
}
