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
            case NUMBER -> decimal(value);
            case BOOLEAN -> Boolean.toString(bool);
            default -> kind.label();
        };
        String key = name + "@" + decimal(timeSeconds) + "=" + v;
        // bounded memory per refusal; the hash keeps two long names apart
        return key.length() <= 120 ? key : key.substring(0, 80) + "#" + Integer.toHexString(key.hashCode());
    }

    /**
     * Exactly {@link Double#toString(double)}, cheaper where it can be: a whole number below 10^7 is its long
     * and ".0", and the last converted value per thread is remembered (the records of a pack share their
     * time). Double.toString was ~2 % of the throughput profile's samples for the load generator's two
     * refused records per pack (issue 14); the identity string itself is unchanged (it is journaled).
     */
    static String decimal(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e7 && Double.doubleToRawLongBits(d) != Long.MIN_VALUE) {
            return Long.toString((long) d).concat(".0");
        }
        long bits = Double.doubleToRawLongBits(d);
        LastDecimal last = LAST_DECIMAL.get();
        if (last.text == null || last.bits != bits) {
            last.bits = bits;
            last.text = Double.toString(d);
        }
        return last.text;
    }

    private static final ThreadLocal<LastDecimal> LAST_DECIMAL = ThreadLocal.withInitial(LastDecimal::new);

    private static final class LastDecimal {
        long bits;
        String text;
    }

    boolean declaresSecondaryUnits() {
        return version > 10 && (version & FEATURE_SECONDARY_UNITS) != 0;
    }
}
