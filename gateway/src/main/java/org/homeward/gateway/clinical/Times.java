package org.homeward.gateway.clinical;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting of times and values in evidence text. */
final class Times {
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private Times() {
    }

    static String hm(long millis, ZoneId zone) {
        return HM.format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** A duration for evidence text: seconds below a minute (an oximeter's interval), else minutes. */
    static String minutes(long millis) {
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%d s", Math.round(millis / 1000.0));
        }
        return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Evidence suffix for a condition confirmed by a late sample: empty when it arrived on time. */
    static String late(long lateMillis) {
        return lateMillis <= 0 ? "" : "; LATE DATA: the confirming reading arrived " + minutes(lateMillis)
                + " after it was measured";
    }
}
