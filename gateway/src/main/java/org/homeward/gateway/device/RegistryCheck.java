package org.homeward.gateway.device;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a registry document that did not come from this process's own {@link RegistryAdmin} (in
 * cluster mode: one read from the registry topic) before anything applies it: the rules the admin
 * commands enforce on the way in (pseudonyms, dates, kinds, roles, no duplicate ids). A document
 * that breaks one would otherwise fail half-way through being put in force (an infusion date the
 * shards cannot parse). Stateless.
 */
public final class RegistryCheck {
    /** At most this many problems are listed (a broken document may have thousands). */
    private static final int MAX_PROBLEMS = 5;

    private RegistryCheck() {
    }

    /** The problems of {@code data}, empty when it may be applied; each names the entry and the field. */
    public static List<String> problems(RegistryData data) {
        List<String> out = new ArrayList<>();
        if (data.formatVersion() > RegistryData.FORMAT_VERSION) {
            out.add("format version " + data.formatVersion() + " is newer than this gateway understands ("
                    + RegistryData.FORMAT_VERSION + ")");
        }
        Set<String> ids = new HashSet<>();
        for (RegistryData.Patient p : data.patients()) {
            String what = "patient '" + p.patientId() + "'";
            check(out, valid(p.patientId()) && ids.add(p.patientId()), what + ": not a pseudonym or listed twice");
            check(out, date(p.infusionDate()), what + ": infusionDate is not YYYY-MM-DD");
            check(out, RegistryData.Patient.ACTIVE.equals(p.state()) || RegistryData.Patient.DISCHARGED.equals(p.state()),
                    what + ": state '" + p.state() + "' is neither active nor discharged");
        }
        ids.clear();
        for (RegistryData.Device d : data.devices()) {
            String what = "device '" + d.deviceId() + "'";
            check(out, valid(d.deviceId()) && ids.add(d.deviceId()), what + ": not a pseudonym or listed twice");
            check(out, RegistryAdmin.DEVICE_KINDS.contains(d.kind()), what + ": kind '" + d.kind() + "' is unknown");
            check(out, d.patientId().isEmpty() || valid(d.patientId()), what + ": patientId is not a pseudonym");
            check(out, d.generation() >= 1, what + ": generation " + d.generation() + " is below 1");
        }
        ids.clear();
        for (RegistryData.User u : data.users()) {
            String what = "user '" + u.user() + "'";
            check(out, valid(u.user()) && ids.add(u.user()), what + ": not a valid name or listed twice");
            check(out, RegistryAdmin.ROLES.contains(u.role()), what + ": role '" + u.role() + "' is unknown");
            check(out, u.salt() != null && u.hash() != null && u.iterations() > 0, what + ": password hash incomplete");
        }
        return out.size() > MAX_PROBLEMS ? out.subList(0, MAX_PROBLEMS) : out;
    }

    private static void check(List<String> out, boolean ok, String problem) {
        if (!ok && out.size() <= MAX_PROBLEMS) {
            out.add(problem);
        }
    }

    private static boolean valid(String id) {
        return id != null && RegistryAdmin.ID.matcher(id).matches();
    }

    private static boolean date(String d) {
        try {
            LocalDate.parse(d);
            return true;
        } catch (DateTimeParseException | NullPointerException e) {
            return false;
        }
    }
}
