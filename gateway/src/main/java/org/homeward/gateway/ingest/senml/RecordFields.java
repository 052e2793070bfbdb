package org.homeward.gateway.ingest.senml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The known fields of the record being read, reused for every record of a pack so reading a pack
 * allocates no per-field objects. Type checks follow RFC 8428 §4 / §6: names, units and string values
 * are text; times and values are numbers; {@code vb} is a boolean; {@code vd} is text (JSON, base64url)
 * or a byte string (CBOR); {@code bver} is an integer.
 */
final class RecordFields {
    private static final int BASE_MASK = baseMask();
    private int present;
    String bn;
    String bu;
    String n;
    String u;
    double bt;
    double bv;
    double v;
    double t;
    double ut;
    long bver;
    boolean vb;

    private static int baseMask() {
        int mask = 0;
        for (SenmlLabel label : SenmlLabel.values()) {
            if (label.isBase()) {
                mask |= 1 << label.ordinal();
            }
        }
        return mask;
    }

    void clear() {
        present = 0;
        vb = false;
    }

    /** Records that {@code label} was seen; false if it already was (a duplicate). */
    boolean mark(SenmlLabel label) {
        int bit = 1 << label.ordinal();
        boolean fresh = (present & bit) == 0;
        present |= bit;
        return fresh;
    }

    boolean has(SenmlLabel label) {
        return (present & (1 << label.ordinal())) != 0;
    }

    /** True when the record carries base fields only (a header record such as {@code {"bn":..,"bt":..}}). */
    boolean onlyBase() {
        return present != 0 && (present & ~BASE_MASK) == 0;
    }

    /** The one value field present; two or more make the record (and so the pack) invalid. */
    SenmlRecord.Kind kind(int index) {
        SenmlRecord.Kind kind = SenmlRecord.Kind.NONE;
        int count = 0;
        if (has(SenmlLabel.V)) {
            kind = SenmlRecord.Kind.NUMBER;
            count++;
        }
        if (has(SenmlLabel.VB)) {
            kind = SenmlRecord.Kind.BOOLEAN;
            count++;
        }
        if (has(SenmlLabel.VS)) {
            kind = SenmlRecord.Kind.STRING;
            count++;
        }
        if (has(SenmlLabel.VD)) {
            kind = SenmlRecord.Kind.DATA;
            count++;
        }
        if (count > 1) {
            throw PackReader.malformed("record " + index + " has more than one value field (v, vb, vs, vd)");
        }
        if (count == 0 && has(SenmlLabel.S)) {
            return SenmlRecord.Kind.SUM_ONLY;
        }
        return kind;
    }

    void set(SenmlLabel label, JsonToken token, JsonParser parser, int index) throws IOException {
        switch (label) {
            case BN: bn = text(label, token, parser, index); break;
            case BU: bu = text(label, token, parser, index); break;
            case N: n = text(label, token, parser, index); break;
            case U: u = text(label, token, parser, index); break;
            case VS: text(label, token, parser, index); break;
            case BT: bt = number(label, token, parser, index); break;
            case BV: bv = number(label, token, parser, index); break;
            case V: v = number(label, token, parser, index); break;
            case T: t = number(label, token, parser, index); break;
            case BS:
            case S: number(label, token, parser, index); break;
            case UT: ut = number(label, token, parser, index); break;
            case VB: vb = bool(label, token, index); break;
            case VD: data(label, token, index); break;
            case BVER: bver = integer(label, token, parser, index); break;
            default: throw new IllegalArgumentException(label.name());
        }
    }

    private static String text(SenmlLabel label, JsonToken token, JsonParser parser, int index) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw wrongType(label, "text", token, index);
        }
        return parser.getText();
    }

    private static double number(SenmlLabel label, JsonToken token, JsonParser parser, int index)
            throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(label, "a number", token, index);
        }
        return parser.getDoubleValue();
    }

    private static long integer(SenmlLabel label, JsonToken token, JsonParser parser, int index) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(label, "an integer", token, index);
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw PackReader.malformed("record " + index + ": bver is out of range");
        }
        return parser.getLongValue();
    }

    private static boolean bool(SenmlLabel label, JsonToken token, int index) {
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw wrongType(label, "a boolean", token, index);
        }
        return token == JsonToken.VALUE_TRUE;
    }

    private static void data(SenmlLabel label, JsonToken token, int index) {
        if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_EMBEDDED_OBJECT) {
            throw wrongType(label, "a byte string", token, index);
        }
    }

    private static RuntimeException wrongType(SenmlLabel label, String expected, JsonToken token, int index) {
        return PackReader.malformed("record " + index + ": field '" + label.jsonName() + "' must be " + expected
                + ", found " + PackReader.describe(token));
    }
}
