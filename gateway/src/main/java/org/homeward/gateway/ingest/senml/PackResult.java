package org.homeward.gateway.ingest.senml;

import java.util.List;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.RecordRejection;

/**
 * What a well-formed SenML pack yielded. Valid records are kept even when others were refused.
 *
 * @param readings   accepted readings, canonical units, in pack order
 * @param rejections refused records, each with reason and a precise detail, ordered by record index
 * @param warnings   accepted but noteworthy (non-SenML unit, secondary unit without {@code bver} 26, …);
 *                   never contains a device or patient id
 * @param updateIntervalMillis the pack's SenML {@code ut} (largest valid one) in ms; 0 when none or
 *                   none in (0, 24 h] (an out-of-range {@code ut} is a warning)
 */
public record PackResult(List<Reading> readings, List<RecordRejection> rejections, List<String> warnings,
                         long updateIntervalMillis) {
    public PackResult {
        readings = List.copyOf(readings);
        rejections = List.copyOf(rejections);
        warnings = List.copyOf(warnings);
    }

    /** Without a {@code ut}. */
    public PackResult(List<Reading> readings, List<RecordRejection> rejections, List<String> warnings) {
        this(readings, rejections, warnings, 0);
    }
}
