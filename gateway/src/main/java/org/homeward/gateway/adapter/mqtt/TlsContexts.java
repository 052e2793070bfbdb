package org.homeward.gateway.adapter.mqtt;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.UncheckedIOException;
import javax.net.ssl.SSLException;

/** Builds the TLS listener's context from PEM files: the chosen provider (JDK or OpenSSL), TLS 1.3 and 1.2 only. */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslContext server(MqttSettings s, SslProvider provider) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(s.tlsCertPath().toFile(), s.tlsKeyPath().toFile())
                    .sslProvider(provider)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .clientAuth(clientAuth(s.tlsClientAuth()));
            if (s.tlsClientAuth() != MqttSettings.ClientAuth.NONE) {
                builder.trustManager(s.tlsTrustPath().toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new UncheckedIOException(new SSLException("mqtt.tls: cannot load certificate/key: " + e.getMessage(), e));
        }
    }

    private static ClientAuth clientAuth(MqttSettings.ClientAuth mode) {
        return switch (mode) {
            case NONE -> ClientAuth.NONE;
            case OPTIONAL -> ClientAuth.OPTIONAL;
            case REQUIRE -> ClientAuth.REQUIRE;
        };
    }
}
