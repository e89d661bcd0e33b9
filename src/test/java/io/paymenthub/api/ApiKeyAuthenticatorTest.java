package io.paymenthub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import io.paymenthub.config.SandboxCredentials;
import io.paymenthub.config.SandboxStartupCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyAuthenticatorTest {

    @TempDir
    Path dataDir;

    private HubProperties properties(String apiKeys) {
        HubProperties properties = new HubProperties();
        properties.setApiKeys(apiKeys);
        properties.setDataDir(dataDir.toString());
        return properties;
    }

    private ApiKeyAuthenticator authenticator(HubProperties properties) {
        return new ApiKeyAuthenticator(properties);
    }

    private static void assertUnauthorized(ApiKeyAuthenticator authenticator, String header) {
        assertThatThrownBy(() -> authenticator.authenticate(header))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(401);
                    assertThat(e.getCode()).isEqualTo("UNAUTHORIZED");
                });
    }

    @Test
    void validBearerKeyReturnsItsClientName() {
        ApiKeyAuthenticator authenticator = authenticator(properties("a:key-one,b:key-two"));

        assertThat(authenticator.authenticate("Bearer key-one")).isEqualTo("a");
        assertThat(authenticator.authenticate("Bearer key-two")).isEqualTo("b");
    }

    @Test
    void whitespaceAroundPairsIsIgnored() {
        ApiKeyAuthenticator authenticator = authenticator(properties(" a:key-one , b:key-two "));

        assertThat(authenticator.authenticate("Bearer key-one")).isEqualTo("a");
        assertThat(authenticator.authenticate("Bearer key-two ")).isEqualTo("b");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "", "Bearer", "Bearer ", "Basic key-one", "bearer key-one", "key-one", "Token key-one",
            "Bearer key-three", "Bearer key-on", "Bearer key", "Bearer key-one-extra", "Bearer a:key-one", "Bearer a"})
    void missingWrongOrPartialCredentialsAreUnauthorized(String header) {
        assertUnauthorized(authenticator(properties("a:key-one,b:key-two")), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nocolon", "a:key-one,nocolon", ":key", "a:", "a:  ", "a:key-one,,b:key-two", ",a:key-one",
            "a:key-one, b:,c:key-three", " :key-one"})
    void malformedApiKeysFailAtConstruction(String apiKeys) {
        assertThatThrownBy(() -> authenticator(properties(apiKeys)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clientName:key");
    }

    /** The sandbox's key is configuration like any other (SandboxStartupCheck): the authenticator knows no sandbox. */
    @Test
    void sandboxKeyIsAcceptedThroughTheSandboxSettings() {
        SandboxCredentials sandbox = new SandboxCredentials(dataDir);
        HubProperties properties = properties((String) SandboxStartupCheck.settings(sandbox).get("hub.api-keys"));
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(properties);

        String key = sandbox.apiKey();
        assertThat(key).startsWith("dev_");
        assertThat(authenticator.authenticate("Bearer " + key)).isEqualTo("sandbox-dev");
        assertUnauthorized(authenticator, "Bearer dev_wrong");
        assertThat(sandbox.file()).isEqualTo(dataDir.resolve("sandbox-credentials.properties"));
        assertThat(Files.isRegularFile(sandbox.file())).isTrue();
    }

    @Test
    void sandboxKeyIsReusedOnSecondConstruction() throws Exception {
        SandboxCredentials first = new SandboxCredentials(dataDir);
        String key = first.apiKey();
        String fileContent = Files.readString(first.file());

        SandboxCredentials second = new SandboxCredentials(dataDir);

        assertThat(second.apiKey()).isEqualTo(key);
        assertThat(Files.readString(second.file())).isEqualTo(fileContent).contains("api-key=" + key);
    }

    @Test
    void noKeyIsAcceptedWhenKeysAreEmptyAndSandboxIsOff() {
        HubProperties properties = properties("");
        properties.getSandbox().setEnabled(false);
        ApiKeyAuthenticator authenticator = authenticator(properties);

        assertUnauthorized(authenticator, "Bearer ");
        assertUnauthorized(authenticator, "Bearer dev_anything");
        assertThat(dataDir.resolve("sandbox-credentials.properties")).doesNotExist();
    }

    @Test
    void spacesAroundTheNameAndKeyOfAPairAreIgnored() {
        ApiKeyAuthenticator authenticator = authenticator(properties("a : key-one"));

        assertThat(authenticator.authenticate("Bearer key-one")).isEqualTo("a");
    }
}
