package org.homeward.sim.model;

import java.time.Duration;
import java.time.Instant;

/**
 * How a scenario is played: time-scale (simulated seconds per wall second), the wall instant of
 * the run start (timestamps are {@code anchor + wall offset}), how long to play, device intervals
 * in wall time, and the SenML base-name template ({@code {device}} and {@code {uuid}} are replaced).
 */
public record RunProfile(double timeScale, Instant anchor, Duration duration, Duration patchInterval,
                         Duration oximeterInterval, Duration statusInterval, String baseNameTemplate) {

    public static final String DEFAULT_BN = "urn:uuid:{uuid}:";

    public RunProfile {
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("time-scale must be > 0");
        }
        anchor = anchor == null ? Instant.parse("2026-01-01T00:00:00Z") : anchor;
        patchInterval = positive(patchInterval, Duration.ofMinutes(2), "patch interval");
        oximeterInterval = positive(oximeterInterval, Duration.ofSeconds(5), "oximeter interval");
        statusInterval = positive(statusInterval, Duration.ofMinutes(1), "status interval");
        baseNameTemplate = baseNameTemplate == null ? DEFAULT_BN : baseNameTemplate;
    }

    /** Defaults: real time, fixed anchor 2026-01-01T00:00Z, whole scenario. */
    public static RunProfile defaults() {
        return new RunProfile(1.0, null, null, null, null, null, null);
    }

    /** Wall milliseconds to play {@code s}: the explicit duration, else the scenario length / scale. */
    public long wallMillis(Scenario s) {
        return duration != null ? duration.toMillis() : (long) (s.durationSeconds() * 1000.0 / timeScale);
    }

    /** Simulated hours at wall offset {@code wallMillis}. */
    public double simHours(long wallMillis) {
        return wallMillis / 1000.0 * timeScale / 3600.0;
    }

    /** Wall offset of simulated hour {@code h}. */
    public long wallMillisOf(double h) {
        return (long) Math.ceil(h * 3600_000.0 / timeScale);
    }

    /** POSIX seconds of wall offset {@code wallMillis}. */
    public double epochSeconds(long wallMillis) {
        return (anchor.toEpochMilli() + wallMillis) / 1000.0;
    }

    private static Duration positive(Duration d, Duration dflt, String what) {
        if (d == null) {
            return dflt;
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0");
        }
        return d;
    }
}
