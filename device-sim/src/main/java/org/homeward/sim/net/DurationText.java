package org.homeward.sim.net;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Parses {@code 40ms}, {@code 1.5s}, {@code 10m}, {@code 1h} or ISO-8601 ({@code PT10M}). */
final class DurationText implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 2)) * 1e6));
            }
            double n = Double.parseDouble(v.substring(0, v.length() - 1));
            double unit = switch (v.charAt(v.length() - 1)) {
                case 's' -> 1e9;
                case 'm' -> 60e9;
                case 'h' -> 3600e9;
                default -> throw new NumberFormatException();
            };
            Duration d = Duration.ofNanos(Math.round(n * unit));
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 40ms, 90s, 10m, 1h)");
        }
    }
}
