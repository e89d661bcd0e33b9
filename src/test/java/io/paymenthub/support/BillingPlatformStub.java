package io.paymenthub.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * A stand-in billing platform (contract section 5) on a loopback port, shared by a test class:
 * tests stub answers per idempotency key and count the calls the hub made.
 */
public final class BillingPlatformStub {

    private static final WireMockServer SERVER = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    private BillingPlatformStub() {
    }

    public static synchronized WireMockServer server() {
        if (!SERVER.isRunning()) {
            SERVER.start();
            Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop));
        }
        return SERVER;
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + server().port();
    }

    /** A login that hands out {@code token} valid for {@code expiresIn} seconds. */
    public static void login(String token, long expiresIn) {
        server().stubFor(post(urlEqualTo("/auth/login"))
                .willReturn(okJson("{\"accessToken\":\"" + token + "\",\"expiresIn\":" + expiresIn + "}")));
    }

    public static void createAnswers(String idempotencyKey, int status, String json) {
        server().stubFor(post(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", WireMock.equalTo(idempotencyKey))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
    }

    public static String platformPayment(String id, String status) {
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"amount\":5000,\"currency\":\"EUR\","
                + "\"redirectUrl\":\"https://pay.example/" + id + "\",\"createdAt\":\"2026-11-20T10:00:00Z\"}";
    }

    public static int creates(String idempotencyKey) {
        return count(postRequestedFor(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", WireMock.equalTo(idempotencyKey)));
    }

    public static int logins() {
        return count(postRequestedFor(urlEqualTo("/auth/login")));
    }

    public static int count(RequestPatternBuilder pattern) {
        return server().countRequestsMatching(pattern.build()).getCount();
    }
}
