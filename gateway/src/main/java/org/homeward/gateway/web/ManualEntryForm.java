package org.homeward.gateway.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.homeward.gateway.domain.ManualEntry;

/**
 * Turns the body of {@code POST /api/patients/{id}/entries} into a {@link ManualEntry}, checking
 * each kind's value range (ICE 0–10, ACVPU A/C/V/P/U or 0–4, O2 0–15 L/min, neuro-check due time).
 */
final class ManualEntryForm {
    private static final String ACVPU = "ACVPU";

    private ManualEntryForm() {
    }

    static ManualEntry parse(JsonBody body, String patientId, String user, long now) {
        String kindText = body.text("kind", 40);
        if (kindText == null) {
            throw new BadRequest("bad_field", "kind is required");
        }
        ManualEntry.Kind kind;
        try {
            kind = ManualEntry.Kind.valueOf(kindText.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("bad_field", "kind must be one of " + java.util.Arrays.toString(ManualEntry.Kind.values()));
        }
        String text = body.text("text", 200);
        long at = body.has("at") ? instant(body.text("at", 40), "at") : now;
        if (at > now + 60_000) {
            throw new BadRequest("bad_field", "at must not be in the future");
        }
        double value = switch (kind) {
            case ICE_SCORE -> whole(required(body.number("value", 0, 10), "value (ICE score 0-10)"), "value");
            case ACVPU -> acvpu(body);
            case SUPPLEMENTAL_OXYGEN -> required(body.number("value", 0, 15), "value (O2 L/min, 0 = room air)");
            case NEURO_CHECK_DUE -> {
                if (text == null) {
                    throw new BadRequest("bad_field", "text (due time, ISO-8601) is required");
                }
                instant(text, "text");
                yield Double.NaN;
            }
            default -> 1.0;
        };
        return new ManualEntry(patientId, kind, value, text, user, at);
    }

    private static double acvpu(JsonBody body) {
        if (body.has("value") && body.text("level", 1) == null) {
            return whole(body.number("value", 0, 4), "value");
        }
        String level = body.text("level", 1);
        int i = level == null ? -1 : ACVPU.indexOf(level.toUpperCase(Locale.ROOT));
        if (i < 0) {
            throw new BadRequest("bad_field", "level must be one of A, C, V, P, U (or value 0-4)");
        }
        return i;
    }

    private static double required(double v, String what) {
        if (Double.isNaN(v)) {
            throw new BadRequest("bad_field", what + " is required");
        }
        return v;
    }

    private static double whole(double v, String field) {
        if (v != Math.rint(v)) {
            throw new BadRequest("bad_field", field + " must be a whole number");
        }
        return v;
    }

    private static long instant(String s, String field) {
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new BadRequest("bad_field", field + " must be an ISO-8601 instant such as 2026-11-25T08:00:00Z");
        }
    }
}
