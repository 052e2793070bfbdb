package org.homeward.gateway.ingest.senml;

/**
 * One SenML record after base-field resolution (RFC 8428 §4.6): the name is {@code bn + n}, the unit
 * is {@code u} or else {@code bu}, the numeric value already includes {@code bv}, and the time is
 * {@code bt + t} in seconds (still relative or absolute; the mapper decides).
 *
 * @param index       zero-based position in the pack
 * @param name        resolved name, empty when neither {@code bn} nor {@code n} was given
 * @param unit        resolved unit, null when neither {@code u} nor {@code bu} was given
 * @param kind        which value field the record carried
 * @param value       numeric value including base value (only for {@link Kind#NUMBER})
 * @param bool        boolean value (only for {@link Kind#BOOLEAN})
 * @param timeSeconds resolved time in seconds
 * @param version     base version in force for this record ({@code bver}, default 10)
 */
record SenmlRecord(int index, String name, String unit, Kind kind, double value, boolean bool,
                   double timeSeconds, int version) {

    /** The value field a record carried. A record with several value fields never gets this far. */
    enum Kind {
        NUMBER("v"), BOOLEAN("vb"), STRING("vs"), DATA("vd"), SUM_ONLY("s"), NONE("no value field");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** RFC 9100 feature bit 4 (value 16): the pack uses secondary units. */
    static final int FEATURE_SECONDARY_UNITS = 16;

    /** Identity of the sample as sent (name, time, value; at most 120 chars): a retransmission has the same. */
    String sampleKey() {
        String v = switch (kind) {
            case NUMBER -> Double.toString(value);
            case BOOLEAN -> Boolean.toString(bool);
            default -> kind.label();
        };
        String key = name + "@" + timeSeconds + "=" + v;
        // bounded memory per refusal; the hash keeps two long names apart
        return key.length() <= 120 ? key : key.substring(0, 80) + "#" + Integer.toHexString(key.hashCode());
    }

    boolean declaresSecondaryUnits() {
        return version > 10 && (version & FEATURE_SECONDARY_UNITS) != 0;
    }
}
