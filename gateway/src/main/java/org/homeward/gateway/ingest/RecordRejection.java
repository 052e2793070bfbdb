package org.homeward.gateway.ingest;

import java.util.Locale;

/**
 * One SenML record that was refused while the rest of its pack was kept.
 *
 * @param index  zero-based position of the record in the pack
 * @param name   resolved record name (base name + name), may be empty
 * @param reason why
 * @param detail precise, human-readable explanation, e.g. {@code "temp 52.0 Cel outside 25.0..45.0"}
 * @param sample identity of the refused sample, see the canonical constructor
 */
public record RecordRejection(int index, String name, Reason reason, String detail, String sample) {
    /**
     * @param sample identity of the refused sample (name, time and value as the device sent them), so a
     *               retransmitted record is one sample; when null, {@code name} and {@code detail} stand in
     */
    public RecordRejection {
        sample = sample != null ? sample : name + "#" + detail;
    }

    /** A rejection whose sample is identified by its name and detail. */
    public RecordRejection(int index, String name, Reason reason, String detail) {
        this(index, name, reason, detail, null);
    }

    /** Per-record refusal reasons; metric tag values. */
    public enum Reason {
        UNKNOWN_NAME, UNKNOWN_UNIT, MISSING_VALUE, IMPLAUSIBLE_VALUE, BAD_TIME, INCONSISTENT;

        private final String tag = name().toLowerCase(Locale.ROOT); // asked for per refused record

        public String tag() {
            return tag;
        }
    }
}
