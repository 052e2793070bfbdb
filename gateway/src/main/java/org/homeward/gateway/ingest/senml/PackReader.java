package org.homeward.gateway.ingest.senml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;

/**
 * Streams one SenML pack (JSON or CBOR, same token model) into resolved records. Structural faults
 * that make the pack "not SenML" end the whole pack with {@code MALFORMED_PAYLOAD}: top level not an
 * array of maps, a known field of the wrong type, a field twice in one record, two value fields in one
 * record, an unknown must-understand field ({@code *_}), an unsupported {@code bver}. More records than
 * allowed is {@code PAYLOAD_TOO_LARGE}. One instance per pack; not thread-safe.
 */
final class PackReader {
    private static final int DEFAULT_VERSION = 10;
    private static final int KNOWN_FEATURES = SenmlRecord.FEATURE_SECONDARY_UNITS;

    private final JsonParser parser;
    private final boolean cbor;
    private final int maxRecords;
    private final RecordFields fields = new RecordFields();
    private String baseName = "";
    private String baseUnit;
    private double baseTime;
    private double baseValue;
    private int version = DEFAULT_VERSION;
    private List<Double> updateTimes = List.of();

    PackReader(JsonParser parser, boolean cbor, int maxRecords) {
        this.parser = parser;
        this.cbor = cbor;
        this.maxRecords = maxRecords;
    }

    /** Reads the whole pack; base-only records (only base fields) yield nothing. */
    List<SenmlRecord> read() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw malformed("empty payload");
        }
        if (first != JsonToken.START_ARRAY) {
            throw malformed("top level must be an array of records (a SenML pack), found " + describe(first));
        }
        List<SenmlRecord> records = new ArrayList<>();
        int index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw malformed("record " + index + " must be a map, found " + describe(token));
            }
            if (index >= maxRecords) {
                throw new IngestException(FailureReason.PAYLOAD_TOO_LARGE,
                        "pack has more than " + maxRecords + " records");
            }
            readFields(index);
            SenmlRecord resolved = resolve(index);
            if (resolved != null) {
                records.add(resolved);
            }
            index++;
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw malformed("unexpected data after the end of the pack: " + describe(trailing));
        }
        return records;
    }

    private void readFields(int index) throws IOException {
        fields.clear();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            SenmlLabel label = cbor ? SenmlLabel.ofCbor(field) : SenmlLabel.ofJson(field);
            JsonToken value = parser.nextToken();
            if (label == SenmlLabel.UNKNOWN) {
                if (field.endsWith("_")) {
                    throw malformed("record " + index + ": unknown must-understand field '" + clip(field)
                            + "' (RFC 8428 §4.4: a field ending in '_' must be understood)");
                }
                parser.skipChildren();
                continue;
            }
            if (!fields.mark(label)) {
                throw malformed("record " + index + ": field '" + label.jsonName() + "' appears twice");
            }
            fields.set(label, value, parser, index);
        }
        if (token != JsonToken.END_OBJECT) {
            throw malformed("record " + index + ": expected a field name, found " + describe(token));
        }
    }

    /** The {@code ut} values (seconds, unchecked) of the pack's records, in pack order; empty when none. */
    List<Double> updateTimes() {
        return updateTimes;
    }

    /** The reused field holder; the byte-level fast path fills it instead of the parser. */
    RecordFields fields() {
        return fields;
    }

    /** Applies the current record's base fields and returns it resolved, or null for a base-only record. */
    SenmlRecord resolve(int index) {
        if (fields.has(SenmlLabel.UT)) {
            if (updateTimes.isEmpty()) {
                updateTimes = new ArrayList<>(1);
            }
            updateTimes.add(fields.ut);
        }
        if (fields.has(SenmlLabel.BVER)) {
            version = checkVersion(fields.bver, index);
        }
        if (fields.has(SenmlLabel.BN)) {
            baseName = fields.bn;
        }
        if (fields.has(SenmlLabel.BU)) {
            baseUnit = fields.bu;
        }
        if (fields.has(SenmlLabel.BT)) {
            baseTime = fields.bt;
        }
        if (fields.has(SenmlLabel.BV)) {
            baseValue = fields.bv;
        }
        if (fields.onlyBase()) {
            return null;
        }
        SenmlRecord.Kind kind = fields.kind(index);
        String name = fields.has(SenmlLabel.N) ? baseName + fields.n : baseName;
        String unit = fields.has(SenmlLabel.U) ? fields.u : baseUnit;
        double value = kind == SenmlRecord.Kind.NUMBER ? baseValue + fields.v : Double.NaN;
        double time = baseTime + (fields.has(SenmlLabel.T) ? fields.t : 0.0);
        return new SenmlRecord(index, name, unit, kind, value, fields.vb, time, version);
    }

    private static int checkVersion(long bver, int index) {
        if (bver < 1) {
            throw malformed("record " + index + ": bver " + bver + " is not a SenML version");
        }
        if (bver <= DEFAULT_VERSION) {
            return (int) bver;
        }
        long features = bver & ~0xFL;
        if ((bver & 0xF) != DEFAULT_VERSION || (features & ~KNOWN_FEATURES) != 0) {
            throw malformed("record " + index + ": bver " + bver + " uses unsupported version or feature bits"
                    + " (supported: 1..10, and 26 = 10 + secondary units, RFC 9100)");
        }
        return (int) bver;
    }

    static IngestException malformed(String detail) {
        return new IngestException(FailureReason.MALFORMED_PAYLOAD, detail);
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        switch (token) {
            case START_ARRAY: return "an array";
            case START_OBJECT: return "a map";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            case VALUE_EMBEDDED_OBJECT: return "a byte string";
            default: return token.name();
        }
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
