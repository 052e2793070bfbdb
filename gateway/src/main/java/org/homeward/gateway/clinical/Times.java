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

    static String minutes(long millis) {
        return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
