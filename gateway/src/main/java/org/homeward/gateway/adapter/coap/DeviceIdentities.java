package org.homeward.gateway.adapter.coap;

import java.security.Principal;
import java.util.Optional;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;

/**
 * The device id behind an authenticated DTLS peer: the PSK identity, or the subject CN of the
 * client certificate. The id is never taken from the payload.
 */
final class DeviceIdentities {

    private DeviceIdentities() {
    }

    /** The device id of {@code peer}, empty for no or an unsupported principal. */
    static Optional<String> deviceId(Principal peer) {
        if (peer instanceof PreSharedKeyIdentity psk) {
            return nonEmpty(psk.getIdentity());
        }
        if (peer instanceof X509CertPath cert) {
            return nonEmpty(cert.getCN());
        }
        return Optional.empty();
    }

    /** True if {@code peer} authenticated as {@code deviceId}. */
    static boolean is(Principal peer, String deviceId) {
        return deviceId(peer).filter(deviceId::equals).isPresent();
    }

    private static Optional<String> nonEmpty(String id) {
        return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
    }
}
