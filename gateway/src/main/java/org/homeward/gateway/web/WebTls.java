package org.homeward.gateway.web;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** The HTTPS context of the web port from PEM files: JDK or OpenSSL provider, TLS 1.3 and 1.2 only. */
public final class WebTls {
    private WebTls() {
    }

    /**
     * @param cert server certificate chain (PEM)
     * @param key  private key (PKCS#8 PEM)
     * @throws UncheckedIOException if either file cannot be read or they do not match (start-up stops)
     */
    public static SslContext server(Path cert, Path key) {
        return server(cert, key, SslProvider.JDK);
    }

    /** As {@link #server(Path, Path)} with the given provider ({@code TlsProviders.resolve}). */
    public static SslContext server(Path cert, Path key, SslProvider provider) {
        try {
            return SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .sslProvider(provider)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new UncheckedIOException(new SSLException("http.tls: cannot load certificate/key: " + e.getMessage(), e));
        }
    }
}
