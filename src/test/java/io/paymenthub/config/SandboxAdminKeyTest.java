package io.paymenthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Contract section 1: with the sandbox on, {@code hub.admin-api-keys} defaults to one generated dev admin key. */
class SandboxAdminKeyTest {

    @TempDir
    Path dataDir;

    private StandardEnvironment sandboxRun(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("given", settings));
        SandboxStartupCheck check = new SandboxStartupCheck();
        check.setEnvironment(environment);
        check.postProcessBeanFactory(null);
        return environment;
    }

    @Test
    void theSandboxGeneratesAnAdminKeyThatIsNotItsClientKey() {
        StandardEnvironment environment = sandboxRun(Map.of("hub.data-dir", dataDir.toString()));

        SandboxCredentials credentials = new SandboxCredentials(dataDir);
        assertThat(credentials.adminApiKey()).startsWith("adm_").isNotEqualTo(credentials.apiKey());
        assertThat(environment.getProperty("hub.admin-api-keys")).isEqualTo("sandbox-admin:" + credentials.adminApiKey());
        assertThat(environment.getProperty("hub.api-keys")).doesNotContain(credentials.adminApiKey());
    }

    @Test
    void aConfiguredAdminKeyIsKeptBesideTheSandbox() {
        StandardEnvironment environment = sandboxRun(Map.of("hub.data-dir", dataDir.toString(),
                "hub.admin-api-keys", "ops:my-own-admin-key-0123456789"));

        assertThat(environment.getProperty("hub.admin-api-keys")).isEqualTo("ops:my-own-admin-key-0123456789");
    }
}
