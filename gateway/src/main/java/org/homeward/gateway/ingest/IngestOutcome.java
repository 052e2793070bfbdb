package org.homeward.gateway.ingest;

import java.util.List;

/**
 * Result of a successful ingest: every accepted reading is durable.
 *
 * @param accepted   number of readings durably stored
 * @param rejections records refused, each with its reason (the valid records of the pack were kept)
 * @param warnings   accepted but noteworthy, e.g. {@code "sbp: unit mmHg is not a SenML unit"}
 */
public record IngestOutcome(int accepted, List<RecordRejection> rejections, List<String> warnings) {
    public IngestOutcome {
        rejections = List.copyOf(rejections);
        warnings = List.copyOf(warnings);
    }
}
