package org.homeward.gateway.adapter.coap;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.californium.scandium.dtls.DTLSSession;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.homeward.gateway.device.AuthBackoff;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.domain.DeviceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts DTLS handshakes and reports a device as {@code CONNECTED} once its handshake completes.
 *
 * <p>Called on Scandium's handshake threads; must not block, and the device-event consumer is
 * expected to be an {@code offer} onto a bounded queue. A failing consumer is logged, never
 * propagated into Scandium.
 */
final class HandshakeObserver extends SessionAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeObserver.class);

    private final CoapMetrics metrics;
    private final DeviceDirectory directory;
    private final Consumer<DeviceEvent> deviceEvents;
    private final Clock clock;
    private final AuthBackoff backoff;

    HandshakeObserver(CoapMetrics metrics, DeviceDirectory directory, Consumer<DeviceEvent> deviceEvents,
                      Clock clock) {
        this(metrics, directory, deviceEvents, clock, AuthBackoff.NONE);
    }

    /**
     * Also feeds the authentication back-off: a completed handshake clears its device's identity;
     * a failed one without a known identity counts against the peer's address.
     */
    HandshakeObserver(CoapMetrics metrics, DeviceDirectory directory, Consumer<DeviceEvent> deviceEvents,
                      Clock clock, AuthBackoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.deviceEvents = Objects.requireNonNull(deviceEvents, "deviceEvents");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handshakeCompleted(Handshaker handshaker) {
        metrics.handshake("ok");
        DTLSSession session = handshaker.getSession();
        DeviceIdentities.deviceId(session == null ? null : session.getPeerIdentity())
                .flatMap(directory::find)
                .ifPresent(device -> {
                    backoff.succeeded(device.deviceId());
                    publish(new DeviceEvent(device.deviceId(), device.patientId(), DeviceEvent.Type.CONNECTED,
                            clock.millis(), "dtls handshake"));
                });
    }

    @Override
    public void handshakeFailed(Handshaker handshaker, Throwable error) {
        metrics.handshake("failed");
        DTLSSession session = handshaker.getSession();
        boolean knownIdentity = DeviceIdentities.deviceId(session == null ? null : session.getPeerIdentity())
                .flatMap(directory::find).isPresent();
        if (!knownIdentity) {
            // a known identity was counted at its key lookup (DirectoryPskStore); only anonymous failures count per address
            backoff.failed(address(handshaker));
        }
        LOG.debug("DTLS handshake failed: {}", error.toString());
    }

    private static java.net.InetAddress address(Handshaker handshaker) {
        java.net.InetSocketAddress peer = handshaker.getPeerAddress();
        return peer == null ? null : peer.getAddress();
    }

    private void publish(DeviceEvent event) {
        try {
            deviceEvents.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("device event consumer failed", e);
        }
    }
}
