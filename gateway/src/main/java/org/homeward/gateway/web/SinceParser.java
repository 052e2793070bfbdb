package org.homeward.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code since} for history: ISO-8601 instant ({@code 2026-11-25T08:00:00Z}), epoch
 * milliseconds, or a relative look-back {@code -24h}, {@code -90m}, {@code -3d}. Absent → 24 h.
 * Look-backs longer than 7 days are refused (the in-memory history is shorter anyway).
 */
final class SinceParser {
    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,4})([smhd])");
    private static final Duration MAX = Duration.ofDays(7);

    private SinceParser() {
    }

    static long parse(String raw, long now) {
        if (raw == null || raw.isBlank()) {
            return now - Duration.ofHours(24).toMillis();
        }
        String s = raw.trim();
        Matcher m = RELATIVE.matcher(s);
        long since;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            since = now - d.toMillis();
        } else if (s.matches("\\d{1,15}")) {
            since = Long.parseLong(s);
        } else {
            try {
                since = Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new BadRequest("bad_since", "since must be an ISO-8601 instant, epoch milliseconds or -Nh/-Nm/-Nd");
            }
        }
        if (since < now - MAX.toMillis()) {
            throw new BadRequest("bad_since", "since may look back at most 7 days");
        }
        return since;
    }
}
