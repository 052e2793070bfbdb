package org.homeward.gateway.adapter.coap;

import java.net.DatagramPacket;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DtlsDatagramFilter;
import org.homeward.gateway.metrics.ThrottledWarning;

/**
 * Scandium's standard datagram filter plus a structure check of every CLIENT_HELLO: one that is not
 * well formed ({@link ClientHelloCheck}) is dropped before Scandium sees it, counted as protocol error
 * {@code malformed_client_hello}, and logged at most once a minute (with the number dropped since),
 * never with a stack (Scandium 3.14 answered a session-id length of 255 with an NPE and an 18-line WARN).
 *
 * <p>An address in authentication back-off is <em>not</em> dropped here any more: behind carrier-grade
 * NAT that address is a whole cell of devices, and one attacker in it could keep every device of the
 * cell from handshaking. What one address may hold of the DTLS state is bounded by its share
 * ({@link SharedConnectionStore}); an identity in back-off is refused at its key lookup
 * ({@link DirectoryPskStore}).
 *
 * <p>Called on Scandium's receiver threads; never blocks.
 */
final class ClientHelloFilter extends DtlsDatagramFilter {
    private final CoapMetrics metrics;
    private final ThrottledWarning malformedLog = ThrottledWarning.perMinute(LOG,
            "dropped {} malformed DTLS ClientHello datagram(s) since the last such line (next line in a minute at the earliest)");

    ClientHelloFilter(Configuration config, CoapMetrics metrics) {
        super(config);
        this.metrics = metrics;
    }

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int RECORD_HEADER = ClientHelloCheck.RECORD_HEADER;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientHelloFilter.class);

    /** Looks at the raw datagram: a DTLS record of type handshake, epoch 0, carrying a CLIENT_HELLO. */
    @Override
    public boolean onReceiving(DatagramPacket packet) {
        byte[] b = packet.getData();
        int o = packet.getOffset();
        if (isClientHello(b, o, packet.getLength()) && !ClientHelloCheck.wellFormed(b, o, packet.getLength())) {
            metrics.protocolError("malformed_client_hello");
            malformedLog.occurred();
            return false;
        }
        return super.onReceiving(packet);
    }

    private static boolean isClientHello(byte[] b, int o, int len) {
        return len > RECORD_HEADER && (b[o] & 0xff) == HANDSHAKE && b[o + 3] == 0 && b[o + 4] == 0
                && (b[o + RECORD_HEADER] & 0xff) == CLIENT_HELLO;
    }
}
