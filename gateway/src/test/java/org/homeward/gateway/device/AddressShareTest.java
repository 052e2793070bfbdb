package org.homeward.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressShareTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void aFullShareHandsBackItsOldestAndOtherAddressesAreUntouched() throws Exception {
        AddressShare<String> share = new AddressShare<>(2);
        assertThat(share.admit(ip("198.51.100.7"), "a1")).isNull();
        assertThat(share.admit(ip("198.51.100.7"), "a2")).isNull();
        assertThat(share.admit(ip("203.0.113.9"), "b1")).isNull();
        assertThat(share.admit(ip("198.51.100.7"), "a3")).isEqualTo("a1");
        assertThat(share.admit(ip("198.51.100.7"), "a4")).isEqualTo("a2");
        assertThat(share.held(ip("198.51.100.7"))).isEqualTo(2);
        assertThat(share.held(ip("203.0.113.9"))).isEqualTo(1);
        assertThat(share.size()).isEqualTo(3);
    }

    @Test
    void aReleasedEntryFreesItsSlotOnceAndAnEndedOneIsNoLongerCounted() throws Exception {
        AddressShare<String> share = new AddressShare<>(2);
        share.admit(ip("198.51.100.7"), "a1");
        share.admit(ip("198.51.100.7"), "a2");
        assertThat(share.release("a1")).isTrue();
        assertThat(share.release("a1")).isFalse();
        assertThat(share.admit(ip("198.51.100.7"), "a3")).isNull();
        String ended = share.admit(ip("198.51.100.7"), "a4");
        assertThat(ended).isEqualTo("a2");
        assertThat(share.release(ended)).isFalse();
        share.release("a3");
        share.release("a4");
        assertThat(share.size()).isZero();
        assertThat(share.held(ip("198.51.100.7"))).isZero();
    }

    @Test
    void anIpv6PrefixIsOneShareSoFreshAddressesOfOneSubscriberDoNotMintNewOnes() throws Exception {
        AddressShare<String> share = new AddressShare<>(1);
        share.admit(ip("2001:db8:1:2::1"), "x1");
        assertThat(share.admit(ip("2001:db8:1:2::ffff"), "x2")).isEqualTo("x1");
        assertThat(share.admit(ip("2001:db8:1:3::1"), "y1")).isNull();
    }

    @Test
    void aShareOfZeroIsRefused() {
        assertThatThrownBy(() -> new AddressShare<String>(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPerAddress");
    }
}
