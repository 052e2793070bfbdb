package org.homeward.gateway.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the TLS implementation of the Netty listeners (MQTT over TLS, HTTPS) from the
 * {@code tls.provider} setting: {@code auto} takes OpenSSL/BoringSSL through netty-tcnative when
 * {@link OpenSsl#isAvailable()}, else the JDK; {@code jdk} always the JDK; {@code openssl} fails
 * start-up when tcnative cannot be loaded. Called once at start-up; stateless, any thread.
 */
public final class TlsProviders {
    private static final Logger LOG = LoggerFactory.getLogger(TlsProviders.class);

    private TlsProviders() {
    }

    /**
     * Resolves the setting against this JVM and logs the choice once at INFO.
     *
     * @param setting {@code auto}, {@code jdk} or {@code openssl}
     * @throws IllegalArgumentException for {@code openssl} when netty-tcnative is not usable (the cause says why)
     */
    public static SslProvider resolve(String setting) {
        boolean available = OpenSsl.isAvailable();
        SslProvider chosen = choose(setting, available, available ? null : OpenSsl.unavailabilityCause());
        LOG.info("TLS provider: {} (tls.provider={}, {})", name(chosen), setting,
                available ? OpenSsl.versionString() : "OpenSSL not available: " + OpenSsl.unavailabilityCause());
        return chosen;
    }

    /** The decision alone, for tests: no logging, no probing. */
    static SslProvider choose(String setting, boolean opensslAvailable, Throwable whyNot) {
        return switch (setting.toLowerCase(Locale.ROOT)) {
            case "auto" -> opensslAvailable ? SslProvider.OPENSSL : SslProvider.JDK;
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (!opensslAvailable) {
                    throw new IllegalArgumentException("tls.provider = openssl, but netty-tcnative (OpenSSL/BoringSSL)"
                            + " cannot be loaded on this machine: " + whyNot + "; use auto or jdk");
                }
                yield SslProvider.OPENSSL;
            }
            default -> throw new IllegalArgumentException("tls.provider must be auto, jdk or openssl, was " + setting);
        };
    }

    /** {@code openssl} or {@code jdk}: the word shown in /health and the metric tag. */
    public static String name(SslProvider provider) {
        return provider == SslProvider.JDK ? "jdk" : "openssl";
    }

    /** The native library behind {@code provider}, e.g. {@code BoringSSL}, or the JDK's version. */
    public static String library(SslProvider provider) {
        return provider == SslProvider.JDK ? "JDK " + Runtime.version().feature() : OpenSsl.versionString();
    }
}
