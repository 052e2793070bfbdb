package org.homeward.gateway.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses raw setting values (from YAML, --set or the environment) into typed values, or says why not. */
final class SettingParser {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    private SettingParser() {
    }

    /** Returns the typed value; throws IllegalArgumentException with a reason a person can act on. */
    static Object parse(Setting s, Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException("a value is required");
        }
        String text = raw.toString().trim();
        Object value;
        switch (s.type()) {
            case STRING:
            case PATH:
                value = text;
                break;
            case BOOLEAN:
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("expected true or false");
                }
                value = Boolean.parseBoolean(text);
                break;
            case INT:
            case PORT:
                try {
                    value = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a whole number");
                }
                break;
            case DOUBLE:
                try {
                    value = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number");
                }
                if (((Double) value).isNaN() || ((Double) value).isInfinite()) {
                    throw new IllegalArgumentException("expected a finite number");
                }
                break;
            case DURATION:
                value = parseDuration(text);
                break;
            case BYTES:
                value = parseBytes(text);
                break;
            case ENUM:
                if (!s.choices().contains(text)) {
                    throw new IllegalArgumentException("expected one of " + s.choices());
                }
                value = text;
                break;
            default:
                throw new IllegalStateException(s.type().toString());
        }
        checkBounds(s, value);
        return value;
    }

    private static void checkBounds(Setting s, Object value) {
        if (!(value instanceof Number) || (s.min() == null && s.max() == null)) {
            return;
        }
        double v = ((Number) value).doubleValue();
        if ((s.min() != null && v < s.min()) || (s.max() != null && v > s.max())) {
            throw new IllegalArgumentException("out of range " + describe(s, s.min()) + " .. " + describe(s, s.max()));
        }
    }

    private static String describe(Setting s, Double bound) {
        if (bound == null) {
            return "";
        }
        if (s.type() == Setting.Type.DURATION) {
            return bound.longValue() + "ms";
        }
        if (s.type() == Setting.Type.DOUBLE) {
            return bound.toString();
        }
        return Long.toString(bound.longValue());
    }

    /** "500ms", "10s", "5m", "2h", "1d"; a bare number is seconds. Returns milliseconds. */
    static long parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 10s, 5m, 2h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "ms": return n;
            case "s": return n * 1000L;
            case "m": return n * 60_000L;
            case "h": return n * 3_600_000L;
            default: return n * 86_400_000L;
        }
    }

    /** "65536", "64KiB", "1GiB" (also KB/MB/GB as powers of 1000). Returns bytes. */
    static long parseBytes(String text) {
        Matcher m = BYTES.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 65536, 64KiB, 512MiB or 2GiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        switch (unit) {
            case "KIB": return n << 10;
            case "MIB": return n << 20;
            case "GIB": return n << 30;
            case "KB": return n * 1000L;
            case "MB": return n * 1000_000L;
            case "GB": return n * 1000_000_000L;
            default: return n;
        }
    }
}
