package org.homeward.sim.net;

import java.time.Duration;
import java.util.Locale;

/**
 * How one simulated radio link behaves, applied by the impairment proxy independently in each
 * direction (device→gateway and gateway→device).
 *
 * @param name            profile name, lower case
 * @param latency         mean one-way delay added per direction
 * @param jitter          standard deviation of the one-way delay (normal distribution, clipped at 0)
 * @param loss            probability that one UDP datagram is lost, per direction (TCP never loses:
 *                        the kernel's TCP recovers below the proxy, so loss shows as extra delay only
 *                        where the profile's jitter models it)
 * @param outageEvery     mean time between the starts of outages (exponential gaps); null = none
 * @param outageLength    how long each outage lasts; null when {@code outageEvery} is null
 * @param rebindEvery     mean time between UDP source-port changes towards the gateway (NAT
 *                        rebinding; exponential gaps); null = never
 * @param bandwidthBitsPerSecond TCP serialisation cap per connection and direction; 0 = none
 */
public record NetProfile(String name, Duration latency, Duration jitter, double loss, Duration outageEvery,
                         Duration outageLength, Duration rebindEvery, long bandwidthBitsPerSecond) {

    public NetProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("profile name is required");
        }
        requireNonNegative("latency", latency);
        requireNonNegative("jitter", jitter);
        if (!(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1): " + loss);
        }
        if ((outageEvery == null) != (outageLength == null)) {
            throw new IllegalArgumentException("outageEvery and outageLength go together");
        }
        if (outageEvery != null && (outageEvery.isZero() || outageEvery.isNegative() || outageLength.isNegative())) {
            throw new IllegalArgumentException("outageEvery must be > 0 and outageLength >= 0");
        }
        if (rebindEvery != null && (rebindEvery.isZero() || rebindEvery.isNegative())) {
            throw new IllegalArgumentException("rebindEvery must be > 0");
        }
        if (bandwidthBitsPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth must be >= 0");
        }
        name = name.toLowerCase(Locale.ROOT);
    }

    private static void requireNonNegative(String what, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be >= 0");
        }
    }

    /** The same link without outages (for measurements that must not hit one). */
    public NetProfile withoutOutages() {
        return new NetProfile(name, latency, jitter, loss, null, null, rebindEvery, bandwidthBitsPerSecond);
    }

    /** The same link with another rebinding period (null = never). */
    public NetProfile withRebindEvery(Duration every) {
        return new NetProfile(name, latency, jitter, loss, outageEvery, outageLength, every, bandwidthBitsPerSecond);
    }

    /** The same link with another TCP bandwidth cap (0 = none). */
    public NetProfile withBandwidth(long bitsPerSecond) {
        return new NetProfile(name, latency, jitter, loss, outageEvery, outageLength, rebindEvery, bitsPerSecond);
    }

    /** One line for logs and the CLI. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: latency %d ms ± %d ms (σ), loss %.3f %%, outages %s, rebinding %s, bandwidth %s",
                name, latency.toMillis(), jitter.toMillis(), loss * 100,
                outageEvery == null ? "none" : outageLength.toSeconds() + " s every ~" + outageEvery.toSeconds() + " s",
                rebindEvery == null ? "never" : "every ~" + rebindEvery.toSeconds() + " s",
                bandwidthBitsPerSecond == 0 ? "uncapped" : bandwidthBitsPerSecond / 1000 + " kbit/s");
    }
}
