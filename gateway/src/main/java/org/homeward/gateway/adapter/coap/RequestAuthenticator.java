package org.homeward.gateway.adapter.coap;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.californium.core.coap.Request;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceInfo;

/**
 * Decides which device sent a request.
 *
 * <ul>
 * <li>Over DTLS: the authenticated peer (PSK identity or certificate CN). Scandium only lets
 *     a request through after a successful handshake, so no further check happens here; the
 *     ingest service checks the device is still active.</li>
 * <li>Over plain CoAP (lab listener only, off by default): the URI query must carry
 *     {@code d=<deviceId>} and {@code k=<secret>}; the secret is checked with
 *     {@link DeviceDirectory#authenticate} on every request. The secret travels in clear, which
 *     is why this listener is for labs and never enabled in production profiles.</li>
 * </ul>
 *
 * Failures are counted in {@code homeward.auth.failures} and never explained to the device.
 */
final class RequestAuthenticator {
    private final DeviceDirectory directory;
    private final CoapMetrics metrics;

    RequestAuthenticator(DeviceDirectory directory, CoapMetrics metrics) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The device id, or empty (already counted) if the request must be refused with 4.01. */
    Optional<String> deviceId(Request request) {
        Principal peer = request.getSourceContext().getPeerIdentity();
        if (peer != null) {
            Optional<String> id = DeviceIdentities.deviceId(peer);
            if (id.isEmpty()) {
                metrics.authFailure("unsupported_identity");
            }
            return id;
        }
        return labDevice(request);
    }

    private Optional<String> labDevice(Request request) {
        String deviceId = null;
        String secret = null;
        for (String query : request.getOptions().getUriQuery()) {
            if (query.startsWith("d=")) {
                deviceId = query.substring(2);
            } else if (query.startsWith("k=")) {
                secret = query.substring(2);
            }
        }
        if (deviceId == null || secret == null || deviceId.isEmpty()) {
            metrics.authFailure("missing_credentials");
            return Optional.empty();
        }
        byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        Optional<DeviceInfo> device = directory.authenticate(deviceId, secretBytes);
        if (device.isEmpty()) {
            metrics.authFailure(directory.explainFailure(deviceId, secretBytes).tag());
            return Optional.empty();
        }
        return Optional.of(device.get().deviceId());
    }
}
