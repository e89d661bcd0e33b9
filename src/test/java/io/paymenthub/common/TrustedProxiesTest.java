package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void anIpv4CidrTrustsExactlyItsRange() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.0/26");

        assertThat(proxies.trusts("10.255.3.4")).isTrue();
        assertThat(proxies.trusts("11.0.0.1")).isFalse();
        assertThat(proxies.trusts("192.168.1.63")).isTrue();
        assertThat(proxies.trusts("192.168.1.64")).as("outside /26").isFalse();
    }

    @Test
    void aSingleAddressAndIpv6AreTrustedAsGiven() {
        TrustedProxies proxies = TrustedProxies.parse("127.0.0.1,fd00::/8");

        assertThat(proxies.trusts("127.0.0.1")).isTrue();
        assertThat(proxies.trusts("127.0.0.2")).isFalse();
        assertThat(proxies.trusts("fd00:0:0:0:0:0:0:2")).isTrue();
        assertThat(proxies.trusts("0:0:0:0:0:0:0:1")).isFalse();
    }

    @Test
    void noSettingTrustsNoOneAndHostNamesAreNeverLookedUp() {
        assertThat(TrustedProxies.parse("").trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse("127.0.0.1").trusts("localhost")).isFalse();
        assertThatThrownBy(() -> TrustedProxies.parse("proxy.example.com")).hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
    }
}
