package org.homeward.gateway.ingest.senml;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and thresholds of the SenML decoder. Immutable; the compact constructor refuses values
 * outside their bounds, so a bad configuration fails at start-up instead of at the first packet.
 *
 * @param maxPayloadBytes       largest pack accepted, in bytes (default 65,536); larger is
 *                              {@code PAYLOAD_TOO_LARGE} before any parsing
 * @param maxRecords            most records in one pack (default 512); more is {@code PAYLOAD_TOO_LARGE}
 * @param futureSkew            how far a measurement time may lie ahead of the receive time (default 5 min);
 *                              further is a {@code BAD_TIME} rejection
 * @param maxAge                how far a measurement time may lie behind the receive time (default 30 days);
 *                              older is a {@code BAD_TIME} rejection (a device clock stuck in 1978, say)
 * @param lateAfter             readings measured more than this before receipt are marked {@code late} (default 2 min)
 * @param pairingWindow         readings of one pack whose times differ by at most this are "simultaneous":
 *                              SBP/DBP pairs and perfusion index / SpO2 pairs (default 1 s)
 * @param piLowConfidencePercent perfusion index below this marks SpO2 and HR of the same time
 *                              {@code LOW_CONFIDENCE} (default 0.6 %, clinical-spec §4.2)
 * @param piRejectPercent       perfusion index below this rejects SpO2 of the same time (default 0.2 %)
 * @param spo2ValidatedMinPercent SpO2 below this is accepted but {@code LOW_CONFIDENCE}: oximeters are
 *                              validated for 70–100 % only (default 70 %)
 * @param minPulsePressureMmHg  SBP − DBP below this rejects both as {@code INCONSISTENT} (default 10 mmHg)
 */
public record SenmlSettings(int maxPayloadBytes, int maxRecords, Duration futureSkew, Duration maxAge,
                            Duration lateAfter, Duration pairingWindow, double piLowConfidencePercent,
                            double piRejectPercent, double spo2ValidatedMinPercent, double minPulsePressureMmHg) {

    /** Hard ceiling for {@link #maxPayloadBytes()}: a SenML pack is a small message, never a file. */
    public static final int MAX_PAYLOAD_CEILING = 16 * 1024 * 1024;

    public SenmlSettings {
        Objects.requireNonNull(futureSkew, "futureSkew");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(lateAfter, "lateAfter");
        Objects.requireNonNull(pairingWindow, "pairingWindow");
        require(maxPayloadBytes >= 16 && maxPayloadBytes <= MAX_PAYLOAD_CEILING,
                "maxPayloadBytes must be 16.." + MAX_PAYLOAD_CEILING + ", was " + maxPayloadBytes);
        require(maxRecords >= 1 && maxRecords <= 100_000, "maxRecords must be 1..100000, was " + maxRecords);
        require(!futureSkew.isNegative() && futureSkew.compareTo(Duration.ofDays(1)) <= 0,
                "futureSkew must be 0..1 day, was " + futureSkew);
        require(maxAge.compareTo(Duration.ofMinutes(1)) >= 0 && maxAge.compareTo(Duration.ofDays(3650)) <= 0,
                "maxAge must be 1 min..3650 days, was " + maxAge);
        require(!lateAfter.isNegative() && lateAfter.compareTo(maxAge) <= 0,
                "lateAfter must be 0..maxAge, was " + lateAfter);
        require(!pairingWindow.isNegative() && pairingWindow.compareTo(Duration.ofMinutes(10)) <= 0,
                "pairingWindow must be 0..10 min, was " + pairingWindow);
        require(piRejectPercent >= 0 && piRejectPercent <= piLowConfidencePercent && piLowConfidencePercent <= 100,
                "need 0 <= piRejectPercent <= piLowConfidencePercent <= 100, was "
                        + piRejectPercent + " / " + piLowConfidencePercent);
        require(spo2ValidatedMinPercent >= 0 && spo2ValidatedMinPercent <= 100,
                "spo2ValidatedMinPercent must be 0..100, was " + spo2ValidatedMinPercent);
        require(minPulsePressureMmHg >= 0 && minPulsePressureMmHg <= 100,
                "minPulsePressureMmHg must be 0..100, was " + minPulsePressureMmHg);
    }

    /** The documented defaults (clinical-spec §4.1–4.2, RFC 8428 time rules). */
    public static SenmlSettings defaults() {
        return new SenmlSettings(65_536, 512, Duration.ofMinutes(5), Duration.ofDays(30), Duration.ofMinutes(2),
                Duration.ofSeconds(1), 0.6, 0.2, 70.0, 10.0);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
