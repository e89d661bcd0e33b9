package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressMaskerTest {

    @Test
    void anAddressKeepsItsFirstCharacterAndItsDomainOnly() {
        assertThat(EmailAddressMasker.mask("maria.gonzalez@customer.example")).isEqualTo("m***@customer.example");
        assertThat(EmailAddressMasker.mask("@nobody")).isEqualTo("***");
        assertThat(EmailAddressMasker.mask(null)).isNull();
    }

    @Test
    void everyAddressInATextIsMaskedAndTheRestKept() {
        assertThat(EmailAddressMasker.maskAll("Invalid Addresses: a.b+c@x.example, <zed@y.example.org> refused"))
                .isEqualTo("Invalid Addresses: a***@x.example, <z***@y.example.org> refused");
        assertThat(EmailAddressMasker.maskAll("no address here")).isEqualTo("no address here");
    }
}
