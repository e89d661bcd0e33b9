package io.paymenthub.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link HttpClient} that hands each exchange it completes to {@link ApiContract#check}: the request as it was
 * built, the answer as it came. Everything else is the wrapped client's.
 */
final class ContractCheckingHttpClient extends HttpClient {

    private final HttpClient client;

    ContractCheckingHttpClient(HttpClient client) {
        this.client = client;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return checked(request, client.send(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return client.sendAsync(request, handler).thenApply(response -> checked(request, response));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return client.sendAsync(request, handler, pushPromiseHandler).thenApply(response -> checked(request, response));
    }

    private static <T> HttpResponse<T> checked(HttpRequest request, HttpResponse<T> response) {
        Object body = response.body();
        String text = body instanceof String string ? string
                : body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : null;
        ApiContract.check(new ApiContract.Exchange(request.method(), request.uri(), request.headers().map(),
                bodyOf(request), response.statusCode(), response.headers().map(), text));
        return response;
    }

    /** The bytes the request sent, read again from its publisher; null for a body of unknown length (a stream). */
    private static byte[] bodyOf(HttpRequest request) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        if (publisher.get().contentLength() < 0) {
            return null;
        }
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                read.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                read.complete(bytes.toByteArray());
            }
        });
        try {
            return read.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The request body could not be read again for the API document check", e);
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return client.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return client.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return client.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return client.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return client.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return client.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return client.authenticator();
    }

    @Override
    public Version version() {
        return client.version();
    }

    @Override
    public Optional<Executor> executor() {
        return client.executor();
    }
}
