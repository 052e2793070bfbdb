package org.homeward.sim.transport;

import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.TcpConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The one explicit Californium {@link Configuration} of the simulator (so Californium never writes
 * a properties file into the working directory) and the executors shared by all CoAP devices, so
 * a hundred devices do not start a hundred thread pools. Thread-safe; close it after the links.
 */
public final class CoapSupport implements AutoCloseable {
    private final Configuration configuration;
    private final ScheduledExecutorService main;
    private final ScheduledExecutorService secondary;

    public CoapSupport() {
        this(null);
    }

    /** With {@code retransmission} as first CoAP and DTLS retransmission time-out (null = Californium's). */
    CoapSupport(java.time.Duration retransmission) {
        configuration = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                TcpConfig.DEFINITIONS);
        configuration.set(CoapConfig.MAX_RETRANSMIT, 3);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        configuration.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 16);
        // 0 = the client supports Connection IDs (RFC 9146) and uses the server's, which lets the
        // gateway keep the session across NAT rebinding on mobile uplinks.
        configuration.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        if (retransmission != null) {
            configuration.set(CoapConfig.ACK_TIMEOUT, (int) retransmission.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            configuration.set(CoapConfig.MAX_RETRANSMIT, 1);
            configuration.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, (int) retransmission.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            configuration.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1);
        }
        main = ExecutorsUtil.newScheduledThreadPool(2, new org.eclipse.californium.elements.util.NamedThreadFactory("sim-coap#"));
        secondary = ExecutorsUtil.newDefaultSecondaryScheduler("sim-coap-timer#");
    }

    Configuration configuration() {
        return configuration;
    }

    ScheduledExecutorService main() {
        return main;
    }

    ScheduledExecutorService secondary() {
        return secondary;
    }

    @Override
    public void close() {
        ExecutorsUtil.shutdownExecutorGracefully(1000, main, secondary);
    }
}
