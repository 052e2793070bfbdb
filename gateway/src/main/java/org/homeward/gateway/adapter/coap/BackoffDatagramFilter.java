package org.homeward.gateway.adapter.coap;

import java.net.DatagramPacket;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DtlsDatagramFilter;
import org.homeward.gateway.device.AuthBackoff;

/**
 * Scandium's standard datagram filter plus the authentication back-off: a CLIENT_HELLO (epoch 0) from an
 * address in back-off (after repeated failed handshakes) is dropped silently and counted as an
 * authentication failure with reason {@code backoff}. Records of established connections pass,
 * so other devices behind the same address keep their sessions (but cannot start new ones).
 * A CLIENT_HELLO that is not well formed ({@link ClientHelloCheck}) is dropped before Scandium sees
 * it, counted as protocol error {@code malformed_client_hello}, and logged at most once a minute
 * (with the number dropped since), never with a stack.
 *
 * <p>Called on Scandium's receiver threads; never blocks.
 */
final class BackoffDatagramFilter extends DtlsDatagramFilter {
    private final AuthBackoff backoff;
    private final CoapMetrics metrics;
    private final AtomicLong malformedSinceLog = new AtomicLong();
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());

    BackoffDatagramFilter(Configuration config, AuthBackoff backoff, CoapMetrics metrics) {
        super(config);
        this.backoff = backoff;
        this.metrics = metrics;
    }

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int RECORD_HEADER = ClientHelloCheck.RECORD_HEADER;
    private static final long LOG_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackoffDatagramFilter.class);

    /** Looks at the raw datagram: a DTLS record of type handshake, epoch 0, carrying a CLIENT_HELLO. */
    @Override
    public boolean onReceiving(DatagramPacket packet) {
        byte[] b = packet.getData();
        int o = packet.getOffset();
        if (isClientHello(b, o, packet.getLength()) && !ClientHelloCheck.wellFormed(b, o, packet.getLength())) {
            metrics.protocolError("malformed_client_hello");
            logMalformed();
            return false;
        }
        if (isClientHello(b, o, packet.getLength())
                && packet.getAddress() != null && backoff.blockedMillis(packet.getAddress()) > 0) {
            metrics.authFailure("backoff");
            return false;
        }
        return super.onReceiving(packet);
    }

    private static boolean isClientHello(byte[] b, int o, int len) {
        return len > RECORD_HEADER && (b[o] & 0xff) == HANDSHAKE && b[o + 3] == 0 && b[o + 4] == 0
                && (b[o + RECORD_HEADER] & 0xff) == CLIENT_HELLO;
    }

    private void logMalformed() {
        long dropped = malformedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + LOG_EVERY_NANOS)) {
            malformedSinceLog.addAndGet(-dropped);
            LOG.warn("dropped {} malformed DTLS ClientHello datagram(s) since the last such line (next line in a minute at the earliest)",
                    dropped);
        }
    }
}
