package org.homeward.gateway.adapter.coap;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.homeward.gateway.device.AuthBackoff;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceDirectory.AuthFailure;

/**
 * Server-side PSK store: the PSK identity is the device id, the key is what
 * {@link DeviceDirectory#pskFor} returns (the UTF-8 bytes of the device secret, which is what
 * e.g. {@code coap-client -k} sends). An unknown or inactive identity yields no secret, and
 * Scandium fails the handshake with an {@code unknown_psk_identity} alert.
 *
 * <p>Answers synchronously on the DTLS handshake thread; the directory never blocks.
 */
final class DirectoryPskStore implements AdvancedPskStore {
    private final DeviceDirectory directory;
    private final CoapMetrics metrics;
    private final AuthBackoff backoff;

    DirectoryPskStore(DeviceDirectory directory, CoapMetrics metrics) {
        this(directory, metrics, AuthBackoff.NONE);
    }

    /**
     * Every key lookup for a known identity counts as a failure of that identity in the shared
     * back-off at once, and a completed handshake clears it ({@link HandshakeObserver}): a wrong key
     * shows only as a record the server cannot decrypt, which DTLS drops silently, so the failure
     * would otherwise surface at the handshake time-out or not at all (issue 15: ~104 guesses a
     * minute went unnoticed). An identity in back-off gets no key: the handshake fails at once.
     */
    DirectoryPskStore(DeviceDirectory directory, CoapMetrics metrics, AuthBackoff backoff) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverNames,
            PskPublicInformation identity, String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
            boolean useExtendedMasterSecret) {
        String deviceId = identity.getPublicInfoAsString();
        Optional<byte[]> psk = deviceId.isEmpty() ? Optional.empty() : directory.pskFor(deviceId);
        if (psk.isEmpty()) {
            metrics.authFailure(refusalReason(deviceId));
            return new PskSecretResult(cid, identity, null);
        }
        if (backoff.blockedMillis(deviceId) > 0) {
            metrics.authFailure("backoff");
            return new PskSecretResult(cid, identity, null);
        }
        backoff.failed(deviceId);
        // Scandium derives the premaster/master secret from the plain PSK (algorithm "PSK").
        return new PskSecretResult(cid, identity, SecretUtil.create(psk.get(), PskSecretResult.ALGORITHM_PSK));
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null; // server only: never initiates a handshake
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // results are always returned synchronously
    }

    private String refusalReason(String deviceId) {
        if (deviceId.isEmpty()) {
            return AuthFailure.UNKNOWN_DEVICE.tag();
        }
        AuthFailure why = directory.explainFailure(deviceId, new byte[0]);
        // BAD_SECRET/NONE only if the device changed state in between; it had no key a moment ago
        return why == AuthFailure.BAD_SECRET || why == AuthFailure.NONE ? AuthFailure.UNKNOWN_DEVICE.tag() : why.tag();
    }
}
