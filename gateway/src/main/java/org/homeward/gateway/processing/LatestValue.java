package org.homeward.gateway.processing;

import org.homeward.gateway.domain.Quality;

/** The newest value of one vital for a patient: canonical value, measurement time, quality, source device. */
public record LatestValue(double value, long measuredAtMillis, Quality quality, String deviceId) {
}
