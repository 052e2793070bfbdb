package org.homeward.gateway.ingest.senml;

import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.RecordRejection;

/**
 * A record that passed the per-record checks and waits for the pack-level checks (perfusion index,
 * blood-pressure pairs), which may lower its quality or reject it. Mutable; lives for one decode call.
 */
final class Candidate {
    final int index;
    final String name;
    final Vital vital;
    final double value;
    final long measuredAtMillis;
    final String rawUnit;
    final boolean late;
    Quality quality;
    RecordRejection rejection;

    Candidate(int index, String name, Vital vital, double value, long measuredAtMillis, String rawUnit,
              boolean late, Quality quality) {
        this.index = index;
        this.name = name;
        this.vital = vital;
        this.value = value;
        this.measuredAtMillis = measuredAtMillis;
        this.rawUnit = rawUnit;
        this.late = late;
        this.quality = quality;
    }

    boolean isLive() {
        return rejection == null;
    }

    void reject(RecordRejection.Reason reason, String detail) {
        rejection = new RecordRejection(index, name, reason, detail, name + "@" + measuredAtMillis + "=" + value);
    }

    Reading toReading(String deviceId, String patientId, long receivedAtMillis) {
        return new Reading(deviceId, patientId, vital, value, measuredAtMillis, receivedAtMillis, quality,
                rawUnit, late);
    }
}
