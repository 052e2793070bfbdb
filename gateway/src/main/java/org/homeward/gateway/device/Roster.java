package org.homeward.gateway.device;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A roster of patients and their device kits in CSV, as a ward exports it: a header line naming
 * the columns, then one line per device (or per patient without a device yet). Columns, in any
 * order: {@code patient} and {@code infusion-date} (required), {@code product}, {@code label},
 * {@code device} and {@code kind} (a row with a device needs its kind). A patient's lines must agree
 * on date, product and label. Blank lines and lines starting with {@code #} are skipped; fields are
 * trimmed; no quoting (a pseudonym, date or kind never holds a comma).
 *
 * <p>Every line is checked before anything is written: {@link #parse} throws one
 * {@link RegistryException} listing every bad line with its number and field. Pure; thread-safe.
 */
public final class Roster {
    /** At most this many problems are listed; a broken file would otherwise print thousands. */
    private static final int MAX_LISTED = 20;
    private static final List<String> COLUMNS = List.of("patient", "infusion-date", "product", "label", "device", "kind");

    /** One line of the roster; {@code device} and {@code kind} are empty for a patient-only line. */
    public record Row(int line, String patient, String infusionDate, String product, String label, String device,
                      String kind) {
        public boolean hasDevice() {
            return !device.isEmpty();
        }
    }

    private Roster() {
    }

    /** Parses and checks a whole roster; {@code source} names it in messages (e.g. the file name). */
    public static List<Row> parse(String source, String text) {
        String[] lines = text.split("\r?\n", -1);
        Problems problems = new Problems(source);
        Map<String, Integer> header = null;
        List<Row> rows = new ArrayList<>();
        Map<String, Row> firstOfPatient = new HashMap<>();
        Map<String, Integer> deviceLine = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (header == null) {
                header = header(cells, i + 1, problems);
                if (header == null) {
                    break;
                }
                continue;
            }
            Row row = row(cells, header, i + 1, problems);
            if (row == null) {
                continue;
            }
            Row first = firstOfPatient.putIfAbsent(row.patient(), row);
            if (first != null && !samePatient(first, row)) {
                problems.add(row.line(), "patient", "patient '" + row.patient() + "' has another infusion-date, product"
                        + " or label than on line " + first.line());
            }
            if (row.hasDevice()) {
                Integer before = deviceLine.putIfAbsent(row.device(), row.line());
                if (before != null) {
                    problems.add(row.line(), "device", "device '" + row.device() + "' is listed already on line " + before);
                }
            }
            rows.add(row);
        }
        if (header == null && problems.isEmpty()) {
            problems.add(1, "header", "the roster is empty; its first line must name the columns " + COLUMNS);
        }
        problems.throwIfAny();
        return rows;
    }

    private static Map<String, Integer> header(String[] cells, int line, Problems problems) {
        Map<String, Integer> header = new HashMap<>();
        for (int c = 0; c < cells.length; c++) {
            String name = cells[c].strip().toLowerCase(Locale.ROOT).replace('_', '-');
            if (!COLUMNS.contains(name)) {
                problems.add(line, "header", "unknown column '" + cells[c].strip() + "'; columns are " + COLUMNS);
            } else if (header.put(name, c) != null) {
                problems.add(line, "header", "column '" + name + "' appears twice");
            }
        }
        for (String required : List.of("patient", "infusion-date")) {
            if (!header.containsKey(required)) {
                problems.add(line, "header", "the required column '" + required + "' is missing");
            }
        }
        if (header.containsKey("device") != header.containsKey("kind")) {
            problems.add(line, "header", "columns 'device' and 'kind' go together");
        }
        return problems.isEmpty() ? header : null;
    }

    private static Row row(String[] cells, Map<String, Integer> header, int line, Problems problems) {
        if (cells.length != header.size()) {
            problems.add(line, "line", "has " + cells.length + " fields, the header names " + header.size());
            return null;
        }
        int before = problems.count();
        String patient = cell(cells, header, "patient");
        if (!RegistryAdmin.ID.matcher(patient).matches()) {
            problems.add(line, "patient", "'" + patient + "' is not a valid pseudonym (1-64 letters, digits or . _ : -)");
        }
        String date = cell(cells, header, "infusion-date");
        try {
            LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            problems.add(line, "infusion-date", "'" + date + "' is not a date in the form YYYY-MM-DD");
        }
        String device = cell(cells, header, "device");
        String kind = cell(cells, header, "kind");
        if (!device.isEmpty() && !RegistryAdmin.ID.matcher(device).matches()) {
            problems.add(line, "device", "'" + device + "' is not a valid pseudonym (1-64 letters, digits or . _ : -)");
        }
        if (!device.isEmpty() && !RegistryAdmin.DEVICE_KINDS.contains(kind)) {
            problems.add(line, "kind", "'" + kind + "' is not one of " + new TreeSet<>(RegistryAdmin.DEVICE_KINDS));
        } else if (device.isEmpty() && !kind.isEmpty()) {
            problems.add(line, "device", "is empty but kind '" + kind + "' is given");
        }
        String product = cell(cells, header, "product");
        String label = cell(cells, header, "label");
        return problems.count() > before ? null
                : new Row(line, patient, date, product, label.isEmpty() ? patient : label, device, kind);
    }

    private static boolean samePatient(Row a, Row b) {
        return a.infusionDate().equals(b.infusionDate()) && a.product().equals(b.product()) && a.label().equals(b.label());
    }

    private static String cell(String[] cells, Map<String, Integer> header, String column) {
        Integer c = header.get(column);
        return c == null ? "" : cells[c].strip();
    }

    /** Collected problems: the first names the exception's field; the message lists up to {@link #MAX_LISTED}. */
    static final class Problems {
        private final String source;
        private final List<String> lines = new ArrayList<>();
        private String firstField;
        private int count;

        Problems(String source) {
            this.source = source;
        }

        void add(int line, String field, String message) {
            if (firstField == null) {
                firstField = field;
            }
            if (count++ < MAX_LISTED) {
                lines.add(source + " line " + line + ", field " + field + ": " + message);
            }
        }

        int count() {
            return count;
        }

        boolean isEmpty() {
            return count == 0;
        }

        void throwIfAny() {
            if (count > 0) {
                String more = count > MAX_LISTED ? "\n(" + (count - MAX_LISTED) + " more problems not listed)" : "";
                throw new RegistryException(firstField, RegistryException.Reason.INVALID,
                        "roster refused, nothing was registered:\n" + String.join("\n", lines) + more);
            }
        }
    }
}
