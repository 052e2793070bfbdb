package org.homeward.gateway.adapter.coap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the CoAP adapter in small named parts; immutable, each part validated on construction (a bad
 * value throws {@link IllegalArgumentException} naming the field, so start-up fails instead of falling back).
 *
 * @param listeners which listeners run, where
 * @param messages  message sizes, block-wise transfer and de-duplication
 * @param peers     bounds of the peers and DTLS connections kept
 * @param sockets   UDP buffers, DTLS Connection ID and the overload answer
 * @param x509      optional server certificate and trusted CAs for certificate devices; null = PSK only
 */
public record CoapSettings(Listeners listeners, Messages messages, Peers peers, Sockets sockets, X509 x509) {

    private static final int MIB = 1024 * 1024;

    public CoapSettings {
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(sockets, "sockets");
    }

    /** Defaults as documented on each part. */
    public static CoapSettings defaults() {
        return new CoapSettings(new Listeners(false, 5683, true, 5684, "0.0.0.0"),
                new Messages(65_536, 512, 1024, Duration.ofSeconds(60), Duration.ofSeconds(247), 64),
                new Peers(20_000, 20_000, Duration.ofMinutes(30), 64), new Sockets(4 * MIB, 4 * MIB, 6, 10), null);
    }

    /**
     * The listeners.
     *
     * @param coapEnabled  plain CoAP over UDP; lab only, off by default (credentials travel in clear)
     * @param coapPort     plain CoAP port, 0 = ephemeral (default 5683)
     * @param coapsEnabled CoAP over DTLS 1.2 (default on)
     * @param coapsPort    DTLS port, 0 = ephemeral (default 5684)
     * @param host         bind address (default {@code 0.0.0.0})
     */
    public record Listeners(boolean coapEnabled, int coapPort, boolean coapsEnabled, int coapsPort, String host) {
        public Listeners {
            Objects.requireNonNull(host, "host");
            range("coapPort", coapPort, 0, 65_535);
            range("coapsPort", coapsPort, 0, 65_535);
        }
    }

    /**
     * Message sizes and lifetimes.
     *
     * @param maxPayloadBytes      largest SenML pack accepted, also the block-wise body limit (default 65,536)
     * @param preferredBlockSize   block size the server asks for in Block1 (16..1024, default 512)
     * @param maxMessageSize       largest single CoAP message payload before block-wise is required (default 1024)
     * @param blockwiseLifetime    how long an unfinished block-wise transfer is kept (default 60 s)
     * @param exchangeLifetime     how long a message id is remembered for de-duplication (RFC 7252: 247 s)
     * @param dedupMessagesPerPeer bound of the per-peer de-duplication store (PEERS_MARK_AND_SWEEP, default 64)
     */
    public record Messages(int maxPayloadBytes, int preferredBlockSize, int maxMessageSize,
                           Duration blockwiseLifetime, Duration exchangeLifetime, int dedupMessagesPerPeer) {
        public Messages {
            Objects.requireNonNull(blockwiseLifetime, "blockwiseLifetime");
            Objects.requireNonNull(exchangeLifetime, "exchangeLifetime");
            range("maxPayloadBytes", maxPayloadBytes, 64, 16 * MIB);
            if (Integer.bitCount(preferredBlockSize) != 1) {
                throw new IllegalArgumentException("preferredBlockSize must be a power of two, was " + preferredBlockSize);
            }
            range("preferredBlockSize", preferredBlockSize, 16, 1024);
            range("maxMessageSize", maxMessageSize, 16, 64 * 1024);
            positive("blockwiseLifetime", blockwiseLifetime);
            positive("exchangeLifetime", exchangeLifetime);
            range("dedupMessagesPerPeer", dedupMessagesPerPeer, 1, 10_000);
        }
    }

    /**
     * Bounds of what is kept per peer.
     *
     * @param maxActivePeers     bound of CoAP peers tracked at once (default 20,000)
     * @param maxDtlsConnections bound of DTLS connections kept (default 20,000)
     * @param staleConnection    idle time after which a DTLS connection may be evicted when the store is full
     *                           (default 30 min)
     * @param maxUnauthenticatedPerAddress DTLS connections one source address (IPv6: its /64) may hold before a
     *                           handshake has authenticated them; a full share ends its oldest for a new one
     *                           (default 64; see {@link SharedConnectionStore})
     */
    public record Peers(int maxActivePeers, int maxDtlsConnections, Duration staleConnection,
                        int maxUnauthenticatedPerAddress) {
        public Peers {
            Objects.requireNonNull(staleConnection, "staleConnection");
            range("maxActivePeers", maxActivePeers, 1, 10_000_000);
            range("maxDtlsConnections", maxDtlsConnections, 1, 10_000_000);
            positive("staleConnection", staleConnection);
            range("maxUnauthenticatedPerAddress", maxUnauthenticatedPerAddress, 1, 10_000_000);
        }
    }

    /**
     * Socket-level settings.
     *
     * @param socketReceiveBufferBytes UDP receive buffer (default 4 MiB; the OS default overflows under load)
     * @param socketSendBufferBytes    UDP send buffer (default 4 MiB)
     * @param connectionIdLength       DTLS Connection ID length in bytes (RFC 9146), 0 = none (default 6), so a
     *                                 device whose address changes (NAT rebinding, cellular) keeps its session
     * @param overloadMaxAgeSeconds    Max-Age sent with 5.03 when the gateway is overloaded (default 10)
     */
    public record Sockets(int socketReceiveBufferBytes, int socketSendBufferBytes, int connectionIdLength,
                          int overloadMaxAgeSeconds) {
        public Sockets {
            range("socketReceiveBufferBytes", socketReceiveBufferBytes, 64 * 1024, 256 * MIB);
            range("socketSendBufferBytes", socketSendBufferBytes, 64 * 1024, 256 * MIB);
            range("connectionIdLength", connectionIdLength, 0, 16);
            range("overloadMaxAgeSeconds", overloadMaxAgeSeconds, 0, 3600);
        }
    }

    /** A copy with the plain CoAP listener switched and bound to {@code port}. */
    public CoapSettings withCoap(boolean enabled, int port) {
        Listeners l = listeners;
        return with(new Listeners(enabled, port, l.coapsEnabled(), l.coapsPort(), l.host()));
    }

    /** A copy with the DTLS listener switched and bound to {@code port}. */
    public CoapSettings withCoaps(boolean enabled, int port) {
        Listeners l = listeners;
        return with(new Listeners(l.coapEnabled(), l.coapPort(), enabled, port, l.host()));
    }

    /** A copy bound to {@code newHost}. */
    public CoapSettings withHost(String newHost) {
        Listeners l = listeners;
        return with(new Listeners(l.coapEnabled(), l.coapPort(), l.coapsEnabled(), l.coapsPort(), newHost));
    }

    /** A copy accepting packs of at most {@code bytes}. */
    public CoapSettings withMaxPayloadBytes(int bytes) {
        Messages m = messages;
        return new CoapSettings(listeners, new Messages(bytes, m.preferredBlockSize(), m.maxMessageSize(),
                m.blockwiseLifetime(), m.exchangeLifetime(), m.dedupMessagesPerPeer()), peers, sockets, x509);
    }

    /** A copy keeping at most {@code connections} DTLS connections, {@code unauthenticatedPerAddress} of them unauthenticated per address. */
    public CoapSettings withDtlsConnections(int connections, int unauthenticatedPerAddress) {
        return new CoapSettings(listeners, messages, new Peers(peers.maxActivePeers(), connections,
                peers.staleConnection(), unauthenticatedPerAddress), sockets, x509);
    }

    /** A copy with certificate credentials {@code newX509} (null = PSK only). */
    public CoapSettings withX509(X509 newX509) {
        return new CoapSettings(listeners, messages, peers, sockets, newX509);
    }

    private CoapSettings with(Listeners newListeners) {
        return new CoapSettings(newListeners, messages, peers, sockets, x509);
    }

    /**
     * Certificate credentials (PEM files); {@link X509Credentials#load} reads and checks them.
     *
     * @param certificateChain   PEM with the server certificate first, then intermediates
     * @param privateKey         PEM with the server's private key (PKCS#8, or the key in the same file as the chain)
     * @param trustedCas         PEM with the CA certificates that sign device certificates (subject CN = device id)
     * @param clientCertRequired true: a certificate cipher suite without a client certificate fails the handshake;
     *                           false: such a device may still name itself with {@code ?d=<id>&k=<secret>} over the
     *                           encrypted session (as an MQTT password over TLS). PSK devices are not affected.
     */
    public record X509(Path certificateChain, Path privateKey, Path trustedCas, boolean clientCertRequired) {
        public X509 {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(trustedCas, "trustedCas");
        }

        /** One PEM holding key and chain; client certificates required. */
        public X509(Path serverCredentials, Path trustedCas) {
            this(serverCredentials, serverCredentials, trustedCas, true);
        }
    }

    /**
     * Reads and checks the certificate files now (start-up), so a problem is reported before anything starts.
     *
     * @throws IllegalArgumentException naming the setting and the file: missing, unreadable key, key not
     *                                  matching the certificate, server certificate without CN/SAN, no CA
     */
    public static void checkX509(X509 x509) {
        X509Credentials.load(x509);
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
