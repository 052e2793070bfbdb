package org.homeward.gateway.ingest.senml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte-level fast path for the common SenML JSON pack shape: an array of flat objects whose keys are
 * among {@code bn bu bt bv bver n u v vb vs t ut s bs}, with ASCII strings without escapes and plain
 * numbers. It reads the bytes directly (no token stream, no String per key) and fills the same
 * {@link RecordFields}/{@link PackReader#resolve} as the Jackson path, so results are identical.
 *
 * <p>Anything else — escapes, non-ASCII, unknown keys, {@code vd}, null, nesting, duplicates, any
 * syntax or structure fault, too many records, any error raised while resolving — returns
 * {@code null}, and the caller decodes the pack again with Jackson; errors and warnings therefore
 * always come from the Jackson path. Numbers: integers convert as Jackson does ({@code (double) long});
 * decimals with at most 15 significant digits and 22 fraction digits are {@code m / 10^k}, which is
 * exactly Double.parseDouble's correctly rounded result (both operands are exact doubles); every other
 * number goes through {@link Double#parseDouble}. One instance per pack; not thread-safe.
 */
final class FastJsonPack {
    private static final int MAX_NUMBER_LENGTH = 32;
    /**
     * Names and units devices send all the time: a match returns the constant instead of a new String
     * (equal content, so nothing downstream can tell). A fixed list, never fed from input.
     */
    private static final String[] KNOWN = {"temp", "spo2", "pr", "hr", "rr", "sbp", "dbp", "weight", "pi", "bat",
        "act", "wear", "rssi", "online", "Cel", "K", "kg", "g", "%EL", "/", "%", "/100", "m/s2", "count", "dBW", "dBm",
        "1/s", "beat/min", "1/min", "Pa", "hPa", "kPa", "mmHg"};
    private static final double[] POW10 = new double[23];
    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private final byte[] b;
    private final int maxRecords;
    private int pos;
    private boolean integer;
    private long integerValue;

    private FastJsonPack(byte[] bytes, int maxRecords) {
        this.b = bytes;
        this.maxRecords = maxRecords;
    }

    /** The pack's records and ({@code updateTimes} filled), or null when the Jackson path must decide. */
    static List<SenmlRecord> tryRead(byte[] payload, int maxRecords, List<Double> updateTimes) {
        try {
            return new FastJsonPack(payload, maxRecords).read(updateTimes);
        } catch (RuntimeException e) {
            // Includes IngestException from resolve(): Jackson re-reads the pack and reports it identically.
            return null;
        }
    }

    private List<SenmlRecord> read(List<Double> updateTimes) {
        PackReader reader = new PackReader(null, false, maxRecords);
        RecordFields fields = reader.fields();
        if (next() != '[') {
            return null;
        }
        List<SenmlRecord> records = new ArrayList<>();
        int c = next();
        if (c == ']') {
            return end() ? records : null;
        }
        for (int index = 0; ; index++) {
            if (c != '{' || index >= maxRecords || !readFields(fields)) {
                return null;
            }
            SenmlRecord r = reader.resolve(index);
            if (r != null) {
                records.add(r);
            }
            c = next();
            if (c == ']') {
                break;
            }
            if (c != ',') {
                return null;
            }
            c = next();
        }
        if (!end()) {
            return null;
        }
        updateTimes.addAll(reader.updateTimes());
        return records;
    }

    /** After '{': reads the record's fields up to '}'; false for anything the fast path does not take. */
    private boolean readFields(RecordFields f) {
        f.clear();
        int c = next();
        if (c == '}') {
            return true;
        }
        while (true) {
            if (c != '"') {
                return false;
            }
            SenmlLabel label = key();
            if (label == null || next() != ':' || !f.mark(label) || !value(label, f)) {
                return false;
            }
            c = next();
            if (c == '}') {
                return true;
            }
            if (c != ',') {
                return false;
            }
            c = next();
        }
    }

    private SenmlLabel key() {
        int start = pos;
        int end = stringEnd();
        if (end < 0) {
            return null;
        }
        int len = end - start;
        byte k0 = b[start];
        byte k1 = len > 1 ? b[start + 1] : 0;
        if (len == 1) {
            switch (k0) {
                case 'n': return SenmlLabel.N;
                case 'u': return SenmlLabel.U;
                case 'v': return SenmlLabel.V;
                case 't': return SenmlLabel.T;
                case 's': return SenmlLabel.S;
                default: return null;
            }
        }
        if (len == 2) {
            if (k0 == 'b') {
                switch (k1) {
                    case 'n': return SenmlLabel.BN;
                    case 'u': return SenmlLabel.BU;
                    case 't': return SenmlLabel.BT;
                    case 'v': return SenmlLabel.BV;
                    case 's': return SenmlLabel.BS;
                    default: return null;
                }
            }
            if (k0 == 'v' && k1 == 'b') {
                return SenmlLabel.VB;
            }
            if (k0 == 'v' && k1 == 's') {
                return SenmlLabel.VS;
            }
            if (k0 == 'u' && k1 == 't') {
                return SenmlLabel.UT;
            }
            return null;
        }
        if (len == 4 && k0 == 'b' && k1 == 'v' && b[start + 2] == 'e' && b[start + 3] == 'r') {
            return SenmlLabel.BVER;
        }
        return null;
    }

    private boolean value(SenmlLabel label, RecordFields f) {
        int c = next();
        switch (label) {
            case BN: f.bn = text(c); return f.bn != null;
            case BU: f.bu = text(c); return f.bu != null;
            case N: f.n = text(c); return f.n != null;
            case U: f.u = text(c); return f.u != null;
            case VS: return skipText(c); // a string value is refused downstream: checked, never built
            case BT: f.bt = number(c); return true;
            case BV: f.bv = number(c); return true;
            case V: f.v = number(c); return true;
            case T: f.t = number(c); return true;
            case UT: f.ut = number(c); return true;
            case S:
            case BS: number(c); return true;
            case VB: return bool(c, f);
            case BVER:
                number(c);
                if (!integer) {
                    return false;
                }
                f.bver = integerValue;
                return true;
            default: return false;
        }
    }

    private String text(int c) {
        if (c != '"') {
            return null;
        }
        int start = pos;
        int end = stringEnd();
        if (end < 0) {
            return null;
        }
        String known = known(start, end - start);
        // ASCII only (checked by stringEnd), so Latin-1 decoding equals UTF-8 decoding.
        return known != null ? known : new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** A plain ASCII string (as {@link #text} takes it) skipped without building it. */
    private boolean skipText(int c) {
        return c == '"' && stringEnd() >= 0;
    }

    private String known(int start, int len) {
        for (String k : KNOWN) {
            if (k.length() == len && regionIs(start, k)) {
                return k;
            }
        }
        return null;
    }

    private boolean regionIs(int start, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[start + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** After the opening quote: the index of the closing quote (pos moves past it), or -1 if not plain ASCII. */
    private int stringEnd() {
        for (int i = pos; i < b.length; i++) {
            int c = b[i];
            if (c == '"') {
                pos = i + 1;
                return i;
            }
            if (c < 0x20 || c == '\\') { // negative = non-ASCII byte
                return -1;
            }
        }
        return -1;
    }

    private boolean bool(int c, RecordFields f) {
        if (c == 't' && match("rue")) {
            f.vb = true;
            return true;
        }
        if (c == 'f' && match("alse")) {
            f.vb = false;
            return true;
        }
        return false;
    }

    private boolean match(String rest) {
        if (pos + rest.length() > b.length || !regionIs(pos, rest)) {
            return false;
        }
        pos += rest.length();
        return true;
    }

    /** A JSON number starting at the byte {@code c} already consumed; throws (= fall back) if not one. */
    private double number(int c) {
        if (c < 0) {
            throw new NumberFormatException("end of input");
        }
        int start = pos - 1;
        boolean negative = c == '-';
        int i = negative ? pos : start;
        long mantissa = 0;
        int digits = 0;
        int intStart = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            if (digits < 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
            }
            if (mantissa != 0 || b[i] != '0') {
                digits++;
            }
            i++;
        }
        int intLen = i - intStart;
        if (intLen == 0 || (b[intStart] == '0' && intLen > 1)) {
            throw new NumberFormatException("not a JSON integer part");
        }
        int fraction = 0;
        boolean hasFraction = i < b.length && b[i] == '.';
        if (hasFraction) {
            i++;
            int fracStart = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    fraction++;
                }
                if (mantissa != 0 || b[i] != '0') {
                    digits++;
                }
                i++;
            }
            if (i == fracStart) {
                throw new NumberFormatException("no fraction digits");
            }
        }
        boolean exponent = i < b.length && (b[i] == 'e' || b[i] == 'E');
        if (exponent) {
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int expStart = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == expStart) {
                throw new NumberFormatException("no exponent digits");
            }
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw new NumberFormatException("number too long for the fast path");
        }
        pos = i;
        integer = !hasFraction && !exponent;
        if (integer) {
            if (digits > 18) {
                throw new NumberFormatException("integer too long for the fast path");
            }
            integerValue = negative ? -mantissa : mantissa;
            return (double) integerValue; // what Jackson's getDoubleValue() does for an int token ("-0" gives +0.0)
        }
        if (!exponent && digits <= 15 && fraction <= 22) {
            double d = mantissa / POW10[fraction];
            return negative ? -d : d;
        }
        return Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
    }

    /** The next byte that is not JSON whitespace (pos moves past it), or -1 at the end. */
    private int next() {
        while (pos < b.length) {
            int c = b[pos++];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
        }
        return -1;
    }

    private boolean end() {
        return next() == -1;
    }
}
