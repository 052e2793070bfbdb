package org.homeward.sim;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Parses {@code 500ms}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 3d} or ISO-8601 ({@code PT10M}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            double n = Double.parseDouble(v.substring(0, v.length() - 1));
            long millis = switch (v.charAt(v.length() - 1)) {
                case 's' -> (long) (n * 1000);
                case 'm' -> (long) (n * 60_000);
                case 'h' -> (long) (n * 3_600_000);
                case 'd' -> (long) (n * 86_400_000);
                default -> throw new NumberFormatException();
            };
            return Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 90s, 10m, 2h, 3d, PT10M)");
        }
    }
}
