package org.homeward.gateway.forward.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The FHIR logical id of a patient pseudonym or device id. A pseudonym that is already a valid R4
 * id ({@code [A-Za-z0-9\-.]{1,64}}) with at least one non-digit is used as it is, so
 * {@code Patient/<pseudonym>} stays readable and searchable. Anything else (an underscore or colon,
 * which the registry allows, or digits only, which HAPI's default client-id strategy refuses so
 * that client ids never collide with its own numeric ones) becomes {@code hw-} plus 40 hex digits
 * of its SHA-256: stable, collision-free in practice, and never carrying the raw value in a URL.
 * The pseudonym itself is always the resource's identifier. Stateless.
 */
final class FhirIds {
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private FhirIds() {
    }

    static String of(String pseudonym) {
        if (FHIR_ID.matcher(pseudonym).matches() && !DIGITS.matcher(pseudonym).matches()) {
            return pseudonym;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(pseudonym.getBytes(StandardCharsets.UTF_8));
            return "hw-" + HexFormat.of().formatHex(h, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    static String patient(String pseudonym) {
        return "Patient/" + of(pseudonym);
    }

    static String device(String deviceId) {
        return "Device/" + of(deviceId);
    }

    /** A device's metric of one MDC measurement type: {@code DeviceMetric/<device id>-<mdc>} (hashed when too long). */
    static String deviceMetric(String deviceId, int mdc) {
        return "DeviceMetric/" + of(of(deviceId) + "-" + mdc);
    }
}
