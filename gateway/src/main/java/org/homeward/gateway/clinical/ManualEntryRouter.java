package org.homeward.gateway.clinical;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.homeward.gateway.domain.ManualEntry;

/** Validates a manual entry and hands it to the rule that owns it; false = refused (bad value). */
final class ManualEntryRouter {
    private final TemperatureRules temperature;
    private final News2Rules news;
    private final NeuroRules neuro;

    ManualEntryRouter(TemperatureRules temperature, News2Rules news, NeuroRules neuro) {
        this.temperature = temperature;
        this.news = news;
        this.neuro = neuro;
    }

    boolean route(ManualEntry e, ClinicalSettings s) {
        double v = e.value();
        long at = e.atMillis();
        switch (e.kind()) {
            case ICE_SCORE -> {
                if (!isInt(v, 0, 10)) {
                    return false;
                }
                neuro.onIce((int) v, at, e.user());
            }
            case ACVPU -> {
                if (!isInt(v, 0, 4)) {
                    return false;
                }
                news.onAcvpu((int) v, at);
            }
            case SUPPLEMENTAL_OXYGEN -> {
                if (Double.isNaN(v) || v < 0 || v > 60) {
                    return false;
                }
                news.onOxygen(v, at);
            }
            case ANTIPYRETIC_GIVEN, TOCILIZUMAB_GIVEN, STEROID_GIVEN -> temperature.onTherapy(e);
            case NEW_CONFUSION -> {
                boolean present = Double.isNaN(v) || v >= 0.5;
                neuro.onConfusion(present, at, e.text());
                if (present) {
                    news.onNewConfusion(at);
                }
            }
            case SEIZURE -> neuro.onSeizure(at, e.user());
            case NEURO_CHECK_DUE -> {
                long due = parseDue(e.text());
                if (due < 0) {
                    return false;
                }
                neuro.onCheckDue(due, at);
            }
            default -> { }
        }
        return true;
    }

    private static boolean isInt(double v, int min, int max) {
        return !Double.isNaN(v) && v == Math.rint(v) && v >= min && v <= max;
    }

    /** ISO-8601 instant or offset date-time; -1 when unreadable. */
    private static long parseDue(String text) {
        try {
            return Instant.parse(text.trim()).toEpochMilli();
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant().toEpochMilli();
            } catch (DateTimeParseException unreadable) {
                return -1;
            }
        }
    }
}
