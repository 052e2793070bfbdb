package org.homeward.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TlsProvidersTest {

    @Test
    void autoTakesOpensslOnlyWhenItLoads() {
        assertThat(TlsProviders.choose("auto", true, null)).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsProviders.choose("auto", false, new UnsatisfiedLinkError("no"))).isEqualTo(SslProvider.JDK);
        assertThat(TlsProviders.choose("jdk", true, null)).isEqualTo(SslProvider.JDK);
    }

    @Test
    void opensslWithoutTcnativeStopsStartUpSayingWhy() {
        assertThatThrownBy(() -> TlsProviders.choose("openssl", false, new UnsatisfiedLinkError("libnetty_tcnative")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.provider = openssl").hasMessageContaining("libnetty_tcnative");
    }

    @Test
    void theBundledBoringSslLoadsOnLinuxX8664() {
        // the gateway pom ships netty-tcnative-boringssl-static for linux-x86_64 only
        org.junit.jupiter.api.Assumptions.assumeTrue("amd64".equals(System.getProperty("os.arch"))
                && System.getProperty("os.name").startsWith("Linux"), "tcnative is bundled for linux-x86_64 only");
        assertThat(OpenSsl.isAvailable()).as(String.valueOf(OpenSsl.unavailabilityCause())).isTrue();
        assertThat(TlsProviders.resolve("openssl")).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsProviders.library(SslProvider.OPENSSL)).isEqualTo("BoringSSL");
    }
}
