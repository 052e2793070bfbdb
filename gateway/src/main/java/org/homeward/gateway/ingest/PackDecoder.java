package org.homeward.gateway.ingest;

import java.util.List;
import org.homeward.gateway.domain.Reading;

/**
 * Turns a SenML pack into normalised readings. Pure, thread-safe, non-blocking.
 * Throws {@link IngestException} (MALFORMED_PAYLOAD or PAYLOAD_TOO_LARGE) for a pack that is not
 * SenML at all; refuses single records through {@link Result#rejections()} and keeps the rest.
 */
@FunctionalInterface
public interface PackDecoder {

    Result decode(PayloadFormat format, byte[] payload, String deviceId, String patientId, long receivedAtMillis);

    /**
     * Decoded pack: accepted readings, refused records, warnings, and the device's update interval
     * from SenML {@code ut} in ms (0 = none given).
     */
    record Result(List<Reading> readings, List<RecordRejection> rejections, List<String> warnings,
                  long updateIntervalMillis) {
        /** Without an update interval. */
        public Result(List<Reading> readings, List<RecordRejection> rejections, List<String> warnings) {
            this(readings, rejections, warnings, 0);
        }
    }
}
