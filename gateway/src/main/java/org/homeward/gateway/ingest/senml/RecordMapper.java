package org.homeward.gateway.ingest.senml;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.SenmlUnits;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.ingest.RecordRejection.Reason;

/**
 * Per-record checks, in this order: name (UNKNOWN_NAME), value field (MISSING_VALUE), unit
 * (UNKNOWN_UNIT, or IMPLAUSIBLE_VALUE for the {@code %} trap), time (BAD_TIME), hard plausibility of
 * the canonical value (IMPLAUSIBLE_VALUE), then the SpO2 quality gate. Stateless and thread-safe.
 */
final class RecordMapper {
    private final SenmlSettings settings;
    private final SenmlTime time;

    RecordMapper(SenmlSettings settings) {
        this.settings = settings;
        this.time = new SenmlTime(settings);
    }

    /** A candidate reading, or null after adding the record's rejection to {@code rejections}. */
    Candidate map(SenmlRecord r, long receivedAtMillis, List<RecordRejection> rejections, List<String> warnings) {
        String name = r.name();
        if (!SenmlNames.isValid(name)) {
            return reject(rejections, r, Reason.UNKNOWN_NAME, name.isEmpty() ? "record has no name (neither bn nor n)"
                    : "invalid SenML name '" + PackReader.clip(name) + "': only A-Z a-z 0-9 - : . / _ allowed,"
                    + " starting with a letter or digit");
        }
        String local = SenmlNames.localName(name);
        Optional<Vital> found = Vital.fromSenmlName(local);
        if (found.isEmpty()) {
            return reject(rejections, r, Reason.UNKNOWN_NAME, "unknown record name '" + PackReader.clip(local) + "'");
        }
        Vital vital = found.get();
        if (vital == Vital.WEAR || vital == Vital.ONLINE) {
            return mapFlag(vital, r, receivedAtMillis, rejections);
        }
        String label = vital.senmlName();
        if (r.kind() != SenmlRecord.Kind.NUMBER) {
            return reject(rejections, r, Reason.MISSING_VALUE, label + " has " + describe(r.kind())
                    + "; a numeric value (v) is required");
        }
        double raw = r.value();
        if (!Double.isFinite(raw)) {
            return reject(rejections, r, Reason.IMPLAUSIBLE_VALUE, label + " value is not a finite number");
        }
        String unit = r.unit();
        SenmlUnits.Conversion conv = SenmlUnits.lookup(vital, unit);
        if (conv == null) {
            return reject(rejections, r, Reason.UNKNOWN_UNIT, unitProblem(vital, unit));
        }
        if (conv.kind() == SenmlUnits.Kind.RATIO_ALIAS && Math.abs(raw) > 1.0) {
            return reject(rejections, r, Reason.IMPLAUSIBLE_VALUE, label + " " + raw + " with unit '%' refused:"
                    + " in SenML '%' is the deprecated alias of the ratio '/' (0..1), NOT a percentage"
                    + " (RFC 8428 Note 2); send " + raw / 100 + " with u '/', or " + raw + " with u '/100' and bver 26");
        }
        double canonical = conv.apply(raw);
        Candidate c = checkTimeAndBuild(r, vital, raw, canonical, unit, conv, receivedAtMillis, rejections);
        if (c == null) {
            return null;
        }
        warn(warnings, vital, conv, r);
        if (vital == Vital.SPO2 && canonical < settings.spo2ValidatedMinPercent()) {
            c.quality = Quality.LOW_CONFIDENCE;
        }
        return c;
    }

    /**
     * Yes/no records: {@code wear} (true = worn) and {@code online} (false = the device is going
     * offline, e.g. its MQTT will): {@code vb}, or {@code v} 0/1 without a unit or with {@code /}.
     */
    private Candidate mapFlag(Vital vital, SenmlRecord r, long receivedAtMillis, List<RecordRejection> rejections) {
        String label = vital.senmlName();
        double raw;
        String rawUnit;
        if (r.kind() == SenmlRecord.Kind.BOOLEAN) {
            raw = r.bool() ? 1.0 : 0.0;
            rawUnit = "";
        } else if (r.kind() == SenmlRecord.Kind.NUMBER) {
            if (r.unit() != null && !r.unit().equals("/")) {
                return reject(rejections, r, Reason.UNKNOWN_UNIT, label + " unit '" + PackReader.clip(r.unit())
                        + "' is not accepted (send vb, or v 0/1 without unit or with '/')");
            }
            raw = r.value();
            rawUnit = r.unit() == null ? "" : r.unit();
            if (raw != 0.0 && raw != 1.0) {
                return reject(rejections, r, Reason.IMPLAUSIBLE_VALUE, label + " " + raw + " must be 0 or 1");
            }
        } else {
            return reject(rejections, r, Reason.MISSING_VALUE, label + " has " + describe(r.kind())
                    + "; send vb or v 0/1");
        }
        return checkTimeAndBuild(r, vital, raw, raw, rawUnit, null, receivedAtMillis, rejections);
    }

    /** {@code conv} null for the yes/no records, which use the vital's own plausibility window. */
    private Candidate checkTimeAndBuild(SenmlRecord r, Vital vital, double raw, double canonical, String rawUnit,
                                        SenmlUnits.Conversion conv, long receivedAtMillis,
                                        List<RecordRejection> rejections) {
        String timeProblem = time.problem(r.timeSeconds(), receivedAtMillis);
        if (timeProblem != null) {
            return reject(rejections, r, Reason.BAD_TIME, vital.senmlName() + " " + timeProblem);
        }
        if (conv == null ? !vital.isPlausible(canonical) : !conv.isPlausible(canonical)) {
            return reject(rejections, r, Reason.IMPLAUSIBLE_VALUE, implausible(vital, raw, canonical, rawUnit));
        }
        long measuredAt = time.resolve(r.timeSeconds(), receivedAtMillis);
        boolean late = receivedAtMillis - measuredAt > settings.lateAfter().toMillis();
        return new Candidate(r.index(), r.name(), vital, canonical, measuredAt, rawUnit, late, Quality.OK);
    }

    private static String implausible(Vital vital, double raw, double canonical, String rawUnit) {
        StringBuilder sb = new StringBuilder(vital.senmlName()).append(' ').append(raw);
        if (!rawUnit.isEmpty()) {
            sb.append(' ').append(rawUnit);
        }
        if (canonical != raw) {
            sb.append(" (= ").append(canonical).append(' ').append(vital.displayUnit()).append(')');
        }
        sb.append(" outside ").append(vital.plausibleMin()).append("..").append(vital.plausibleMax())
                .append(' ').append(vital.displayUnit());
        if ("/".equals(rawUnit) && Math.abs(raw) > 1.0) {
            sb.append("; unit '/' is a ratio 0..1 (0.95 = 95 %)");
        }
        return sb.toString();
    }

    private static String unitProblem(Vital vital, String unit) {
        String label = vital.senmlName();
        if (unit == null) {
            return label + " has no unit (neither u nor bu); accepted: " + SenmlUnits.accepted(vital);
        }
        String text = label + " unit '" + PackReader.clip(unit) + "' is not accepted; accepted: "
                + SenmlUnits.accepted(vital);
        String lower = unit.toLowerCase(Locale.ROOT);
        if (vital == Vital.TEMP && (lower.contains("degf") || lower.equals("f") || lower.equals("far"))) {
            text += " (SenML has no Fahrenheit unit: send Cel)";
        }
        return text;
    }

    private static void warn(List<String> warnings, Vital vital, SenmlUnits.Conversion conv, SenmlRecord r) {
        String label = vital.senmlName();
        String w;
        switch (conv.kind()) {
            case NON_SENML:
                w = label + ": unit " + conv.unit() + " is not a SenML unit (send Pa); accepted as mmHg";
                break;
            case NOT_RECOMMENDED:
                w = label + ": unit " + conv.unit() + " is NOT RECOMMENDED in SenML (send kg); converted";
                break;
            case RATIO_ALIAS:
                w = label + ": unit % is the deprecated SenML alias of '/' (ratio 0..1); read as a ratio";
                break;
            case SECONDARY:
                if (r.declaresSecondaryUnits()) {
                    return;
                }
                w = label + ": unit " + conv.unit() + " is an RFC 8798 secondary unit but bver is not 26"
                        + " (RFC 9100 feature bit 4); accepted";
                break;
            default:
                return;
        }
        if (!warnings.contains(w)) {
            warnings.add(w);
        }
    }

    private static String describe(SenmlRecord.Kind kind) {
        return kind == SenmlRecord.Kind.NONE ? "no value field" : "only a '" + kind.label() + "' value";
    }

    private static Candidate reject(List<RecordRejection> rejections, SenmlRecord r, Reason reason, String detail) {
        rejections.add(new RecordRejection(r.index(), PackReader.clip(r.name()), reason, detail, r.sampleKey()));
        return null;
    }
}
