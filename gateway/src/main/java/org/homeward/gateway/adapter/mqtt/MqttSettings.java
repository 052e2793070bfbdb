package org.homeward.gateway.adapter.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the MQTT adapter (keys under {@code mqtt.*}). The compact constructor
 * rejects out-of-range values so a bad config stops start-up instead of falling back.
 *
 * @param enabled              plain-TCP listener on/off ({@code mqtt.enabled}, default true)
 * @param host                 bind address of both listeners (default {@code 0.0.0.0})
 * @param port                 plain-TCP port ({@code mqtt.port}, default 1883; 0 = ephemeral)
 * @param tlsEnabled           TLS listener on/off ({@code mqtt.tls.enabled}, default false in the embedded profile)
 * @param tlsPort              TLS port ({@code mqtt.tls.port}, default 8883; 0 = ephemeral)
 * @param tlsCertPath          server certificate chain, PEM (required when TLS is on)
 * @param tlsKeyPath           server private key, PKCS#8 PEM (required when TLS is on)
 * @param tlsClientAuth        client certificates: NONE, OPTIONAL or REQUIRE (default NONE); a verified
 *                             certificate's subject CN is the device id and replaces the password
 * @param tlsTrustPath         CA certificates (PEM) that sign device certificates; required unless NONE
 * @param connectTimeout       a connection that has not sent CONNECT by then is closed (default 10 s)
 * @param maxPacketBytes       largest accepted MQTT packet (remaining length), default 65,536
 * @param maxConnections       open connections over all listeners, default 25,000
 * @param maxUnauthenticatedPerAddress open connections from one address that have not yet authenticated in
 *                             CONNECT (all listeners); a new one beyond it closes the address's oldest (default
 *                             2,048). Authenticated connections never count, so devices behind one NAT address are not limited
 * @param receiveMaximum       ingests in flight per connection before reads pause; sent as the MQTT 5
 *                             Receive Maximum (default 32)
 * @param maxKeepAliveSeconds  upper bound on the client's keep-alive; 0 or larger values are replaced by
 *                             it (MQTT 5 tells the client via Server Keep Alive), default 300
 * @param writeBufferLowBytes  channel becomes writable again below this (default 32 KiB)
 * @param writeBufferHighBytes channel stops being writable above this; reads pause too (default 64 KiB)
 */
public record MqttSettings(boolean enabled, String host, int port,
                           boolean tlsEnabled, int tlsPort, Path tlsCertPath, Path tlsKeyPath,
                           ClientAuth tlsClientAuth, Path tlsTrustPath,
                           Duration connectTimeout, int maxPacketBytes, int maxConnections,
                           int maxUnauthenticatedPerAddress, int receiveMaximum, int maxKeepAliveSeconds,
                           int writeBufferLowBytes, int writeBufferHighBytes) {

    /** The MQTT spec's largest remaining length. */
    static final int MQTT_MAX_PACKET = 268_435_455;

    /** Client certificate policy of the TLS listener. */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    public MqttSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tlsClientAuth, "tlsClientAuth");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        checkPort("port", port);
        checkPort("tlsPort", tlsPort);
        check(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be > 0");
        check(maxPacketBytes >= 128 && maxPacketBytes <= MQTT_MAX_PACKET,
                "maxPacketBytes must be in 128.." + MQTT_MAX_PACKET);
        check(maxConnections >= 1, "maxConnections must be >= 1");
        check(maxUnauthenticatedPerAddress >= 1, "maxUnauthenticatedPerAddress must be >= 1");
        check(receiveMaximum >= 1 && receiveMaximum <= 65_535, "receiveMaximum must be in 1..65535");
        check(maxKeepAliveSeconds >= 1 && maxKeepAliveSeconds <= 65_535, "maxKeepAliveSeconds must be in 1..65535");
        check(writeBufferLowBytes > 0 && writeBufferLowBytes < writeBufferHighBytes,
                "writeBufferLowBytes must be > 0 and < writeBufferHighBytes");
        if (tlsEnabled) {
            check(tlsCertPath != null && tlsKeyPath != null, "TLS needs tlsCertPath and tlsKeyPath");
            check(tlsClientAuth == ClientAuth.NONE || tlsTrustPath != null,
                    "client certificates need tlsTrustPath");
        }
    }

    /** Embedded-profile defaults: plain TCP on 1883, TLS off. */
    public static MqttSettings defaults() {
        return new MqttSettings(true, "0.0.0.0", 1883, false, 8883, null, null, ClientAuth.NONE, null,
                Duration.ofSeconds(10), 65_536, 25_000, 2_048, 32, 300, 32 * 1024, 64 * 1024);
    }

    /** A copy listening on other ports (0 = ephemeral). */
    public MqttSettings withPorts(int newPort, int newTlsPort) {
        return new MqttSettings(enabled, host, newPort, tlsEnabled, newTlsPort, tlsCertPath, tlsKeyPath,
                tlsClientAuth, tlsTrustPath, connectTimeout, maxPacketBytes, maxConnections, maxUnauthenticatedPerAddress, receiveMaximum,
                maxKeepAliveSeconds, writeBufferLowBytes, writeBufferHighBytes);
    }

    /** A copy with the TLS listener on, using these PEM files. */
    public MqttSettings withTls(Path cert, Path key, ClientAuth clientAuth, Path trust) {
        return new MqttSettings(enabled, host, port, true, tlsPort, cert, key, clientAuth, trust,
                connectTimeout, maxPacketBytes, maxConnections, maxUnauthenticatedPerAddress, receiveMaximum, maxKeepAliveSeconds,
                writeBufferLowBytes, writeBufferHighBytes);
    }

    /** A copy with other connection limits. */
    public MqttSettings withLimits(Duration newConnectTimeout, int newMaxPacketBytes, int newReceiveMaximum) {
        return new MqttSettings(enabled, host, port, tlsEnabled, tlsPort, tlsCertPath, tlsKeyPath,
                tlsClientAuth, tlsTrustPath, newConnectTimeout, newMaxPacketBytes, maxConnections, maxUnauthenticatedPerAddress,
                newReceiveMaximum, maxKeepAliveSeconds, writeBufferLowBytes, writeBufferHighBytes);
    }

    /** A copy allowing {@code perAddress} unauthenticated connections from one address. */
    public MqttSettings withMaxUnauthenticatedPerAddress(int perAddress) {
        return new MqttSettings(enabled, host, port, tlsEnabled, tlsPort, tlsCertPath, tlsKeyPath,
                tlsClientAuth, tlsTrustPath, connectTimeout, maxPacketBytes, maxConnections, perAddress,
                receiveMaximum, maxKeepAliveSeconds, writeBufferLowBytes, writeBufferHighBytes);
    }

    private static void checkPort(String name, int value) {
        check(value >= 0 && value <= 65_535, name + " must be in 0..65535 (0 = ephemeral)");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("mqtt: " + message);
        }
    }
}
