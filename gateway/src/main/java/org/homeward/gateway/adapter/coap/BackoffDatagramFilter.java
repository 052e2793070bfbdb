package org.homeward.gateway.adapter.coap;

import java.net.DatagramPacket;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DtlsDatagramFilter;
import org.homeward.gateway.device.AuthBackoff;

/**
 * Scandium's standard datagram filter plus the authentication back-off: a CLIENT_HELLO (epoch 0) from an
 * address in back-off (after repeated failed handshakes) is dropped silently and counted as an
 * authentication failure with reason {@code backoff}. Records of established connections pass,
 * so other devices behind the same address keep their sessions (but cannot start new ones).
 *
 * <p>Called on Scandium's receiver threads; never blocks.
 */
final class BackoffDatagramFilter extends DtlsDatagramFilter {
    private final AuthBackoff backoff;
    private final CoapMetrics metrics;

    BackoffDatagramFilter(Configuration config, AuthBackoff backoff, CoapMetrics metrics) {
        super(config);
        this.backoff = backoff;
        this.metrics = metrics;
    }

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int RECORD_HEADER = 13;

    /** Looks at the raw datagram: a DTLS record of type handshake, epoch 0, carrying a CLIENT_HELLO. */
    @Override
    public boolean onReceiving(DatagramPacket packet) {
        byte[] b = packet.getData();
        int o = packet.getOffset();
        if (packet.getLength() > RECORD_HEADER && (b[o] & 0xff) == HANDSHAKE && b[o + 3] == 0 && b[o + 4] == 0
                && (b[o + RECORD_HEADER] & 0xff) == CLIENT_HELLO
                && packet.getAddress() != null && backoff.blockedMillis(packet.getAddress()) > 0) {
            metrics.authFailure("backoff");
            return false;
        }
        return super.onReceiving(packet);
    }
}
