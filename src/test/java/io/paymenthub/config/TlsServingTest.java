package io.paymenthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The hub served over TLS with a Spring Boot PEM SSL bundle, as README "Serving over HTTPS" documents it
 * (issue 7 #3, PCI DSS 4.2.1): readiness answers over https to a client that trusts the certificate, and the
 * same port does not serve plain http. The certificate is a throw-away self-signed one made by keytool here.
 */
class TlsServingTest {

    private static final String STORE_PASSWORD = "test-only";

    @TempDir
    Path tls;

    @Test
    void servesReadinessOverHttpsAndNothingOverPlainHttpOnThatPort() throws Exception {
        KeyStore store = selfSignedKeyStore();
        Path certificate = writePem(tls.resolve("hub.crt"), "CERTIFICATE", store.getCertificate("hub").getEncoded());
        Path privateKey = writePem(tls.resolve("hub.key"), "PRIVATE KEY",
                ((PrivateKey) store.getKey("hub", STORE_PASSWORD.toCharArray())).getEncoded());
        Map<String, Object> properties = StandaloneHub.isolated();
        properties.put("spring.ssl.bundle.pem.hub.keystore.certificate", "file:" + certificate);
        properties.put("spring.ssl.bundle.pem.hub.keystore.private-key", "file:" + privateKey);
        properties.put("server.ssl.bundle", "hub");
        // the real-platform mode (the sandbox calls the hub back over plain http); nothing is called here
        properties.put("hub.api-keys", "shop:tls-test-key");
        properties.put("hub.providers.billing.base-url", "http://127.0.0.1:9");
        properties.put("hub.providers.billing.tenant-secret", "tls-test-tenant-secret");
        properties.put("hub.providers.billing.webhook-secrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        try (ConfigurableApplicationContext hub = StandaloneHub.start(properties)) {
            int port = StandaloneHub.port(hub);
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(store.getCertificate("hub")))
                    .connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> overTls = trusting.send(readiness("https", port), HttpResponse.BodyHandlers.ofString());

            assertThat(overTls.statusCode()).isEqualTo(200);
            assertThat(overTls.body()).contains("\"status\":\"UP\"");
            assertThat(overTls.sslSession()).isPresent();
            try {
                HttpResponse<String> plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                        .send(readiness("http", port), HttpResponse.BodyHandlers.ofString());
                // Tomcat answers a plain request on a TLS port with a 400 that says TLS is required
                assertThat(plain.statusCode()).isEqualTo(400);
                assertThat(plain.body()).doesNotContain("\"status\"");
            } catch (IOException refusedWithoutAnswer) {
                // also not served
            }
        }
    }

    private static HttpRequest readiness(String scheme, int port) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    /** A self-signed EC key and certificate for 127.0.0.1 and localhost, valid for a day. */
    private KeyStore selfSignedKeyStore() throws Exception {
        Path store = tls.resolve("hub.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool ended").isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD.toCharArray());
        }
        return keyStore;
    }

    private static Path writePem(Path file, String type, byte[] der) throws IOException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n");
    }

    private static SSLContext trusting(Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("hub", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
