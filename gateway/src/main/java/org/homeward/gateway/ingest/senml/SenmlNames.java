package org.homeward.gateway.ingest.senml;

import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Vital;

/**
 * RFC 8428 §4.5.1 name rules and the mapping from a resolved name to a record name. We use base names
 * such as {@code urn:uuid:<pseudonym>:} or {@code <deviceId>/}, so the record name used for mapping is
 * the last segment after the final {@code :} or {@code /}: {@code urn:uuid:2b4f…:temp} → {@code temp},
 * {@code dev-3f8a/oximeter/spo2} → {@code spo2}. This strips any base-name prefix, also when a device
 * puts the whole name in {@code n} or in {@code bn}.
 */
final class SenmlNames {
    private SenmlNames() {
    }

    /** Non-empty, starts with a letter or digit, only {@code A–Z a–z 0–9 - : . / _}. */
    static boolean isValid(String name) {
        if (name.isEmpty() || !isAlnum(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlnum(c) && c != '-' && c != ':' && c != '.' && c != '/' && c != '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * The part after the last {@code :} or {@code /}; empty when the name ends in one of them. A record
     * name of a vital comes back as the vital's own constant (equal content): no substring per record,
     * and the vital lookup then hashes a String whose hash is already known (issue 14).
     */
    static String localName(String name) {
        int cut = Math.max(name.lastIndexOf(':'), name.lastIndexOf('/'));
        if (cut < 0) {
            return name;
        }
        int length = name.length() - cut - 1;
        for (String known : VITAL_NAMES) {
            if (known.length() == length && name.regionMatches(cut + 1, known, 0, length)) {
                return known;
            }
        }
        return name.substring(cut + 1);
    }

    /** The record names of the vitals, and {@code pr}. A fixed list, never fed from input. */
    private static final String[] VITAL_NAMES = vitalNames();

    private static String[] vitalNames() {
        List<String> names = new ArrayList<>();
        for (Vital v : Vital.values()) {
            names.add(v.senmlName());
        }
        names.add("pr");
        return names.toArray(new String[0]);
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
