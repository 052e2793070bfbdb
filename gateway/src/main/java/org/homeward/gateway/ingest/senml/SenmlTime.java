package org.homeward.gateway.ingest.senml;

import java.time.Instant;

/**
 * RFC 8428 §4.5.3 time: {@code bt + t} in seconds; below 2^28 it is relative to the receive time
 * (negative = in the past), from 2^28 on it is absolute POSIX time. Times further ahead than the
 * future skew, or further back than the maximum age, are refused. Stateless and thread-safe.
 */
final class SenmlTime {
    /** 2^28 s: the boundary between relative and absolute times. */
    static final double RELATIVE_LIMIT = 268_435_456.0;

    private final long futureSkewMillis;
    private final long maxAgeMillis;

    SenmlTime(SenmlSettings settings) {
        this.futureSkewMillis = settings.futureSkew().toMillis();
        this.maxAgeMillis = settings.maxAge().toMillis();
    }

    /** Null when the time is acceptable, otherwise why not (without the record name). */
    String problem(double seconds, long receivedAtMillis) {
        if (!Double.isFinite(seconds)) {
            return "time is not a finite number";
        }
        boolean relative = seconds < RELATIVE_LIMIT;
        double offsetMillis = relative ? seconds * 1000.0 : seconds * 1000.0 - receivedAtMillis;
        if (offsetMillis > futureSkewMillis) {
            return "time " + describe(seconds, relative) + " is " + Math.round(offsetMillis / 1000.0)
                    + " s ahead of the receive time; allowed future skew " + futureSkewMillis / 1000 + " s";
        }
        if (-offsetMillis > maxAgeMillis) {
            return "time " + describe(seconds, relative) + " is more than " + maxAgeMillis / 1000
                    + " s before the receive time (maximum age)";
        }
        return null;
    }

    /** Measurement time in epoch ms; call only when {@link #problem} returned null. */
    long resolve(double seconds, long receivedAtMillis) {
        return seconds < RELATIVE_LIMIT ? receivedAtMillis + Math.round(seconds * 1000.0)
                : Math.round(seconds * 1000.0);
    }

    private static String describe(double seconds, boolean relative) {
        if (relative) {
            return seconds + " s (relative)";
        }
        if (seconds < 1e11) {
            return Instant.ofEpochMilli(Math.round(seconds * 1000.0)).toString();
        }
        return seconds + " s (absolute)";
    }
}
