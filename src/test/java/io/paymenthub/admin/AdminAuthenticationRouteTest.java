package io.paymenthub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import org.junit.jupiter.api.Test;

/** The door of the admin API (contract section 8): admin keys only, checked before the path is looked up. */
class AdminAuthenticationRouteTest extends SharedPlatformRouteTestBase {

    private static final String UNKNOWN_ADMIN_PATH = "/api/admin/no-such-thing";

    @Test
    void withoutAKeyTheAdminApiIs401EvenOnAPathThatDoesNotExist() {
        Response response = hub.get(UNKNOWN_ADMIN_PATH);

        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.json().path("code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void aClientKeyNeverOpensTheAdminApi() {
        Response response = hub.get(UNKNOWN_ADMIN_PATH, "Authorization", "Bearer " + HubClient.TEST_API_KEY);

        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.json().path("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void anAdminKeyPassesTheDoorAndAnUnknownAdminPathIs404() {
        Response response = hub.get(UNKNOWN_ADMIN_PATH, "Authorization", "Bearer " + HubClient.TEST_ADMIN_KEY);

        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.json().path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void anAdminKeyIsNoClientKey() {
        Response response = hub.getPaymentWith("Bearer " + HubClient.TEST_ADMIN_KEY);

        assertThat(response.status()).as(response.body()).isEqualTo(401);
    }
}
