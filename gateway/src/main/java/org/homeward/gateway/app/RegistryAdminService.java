package org.homeward.gateway.app;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.processing.DeviceStatus;
import org.homeward.gateway.processing.PatientQuery;
import org.homeward.gateway.web.AdminService;

/**
 * The admin API over {@link RegistryAdmin}, the code the command line uses: the same checks, the
 * same registry writes, the same audit lines. After each change the registry is reloaded at once
 * ({@code reload}: the directory re-reads the file, deactivation listeners close a revoked, rotated
 * or moved device's connections, the shards learn of new patients and devices) rather than at the
 * next {@code registry.poll-interval}. Last-seen times come from the patients' live state.
 * Blocking; called on the HTTP server's admin thread.
 */
public final class RegistryAdminService implements AdminService {
    private final RegistryAdmin admin;
    private final PatientQuery query;
    private final Runnable reload;

    public RegistryAdminService(RegistryAdmin admin, PatientQuery query, Runnable reload) {
        this.admin = admin;
        this.query = query;
        this.reload = reload;
    }

    @Override
    public List<PatientRow> patients() {
        return admin.data().patients().stream().map(RegistryAdminService::row).toList();
    }

    @Override
    public PatientRow addPatient(String patientId, String infusionDate, String product, String displayLabel, String actor) {
        RegistryData.Patient p = admin.addPatient(patientId, infusionDate, product, displayLabel, actor);
        reload.run();
        return row(p);
    }

    @Override
    public List<DeviceRow> devices() {
        RegistryData data = admin.data();
        Set<String> patients = data.patients().stream().map(RegistryData.Patient::patientId).collect(Collectors.toSet());
        return data.devices().stream().map(d -> {
            String state = d.revoked() ? "revoked" : patients.contains(d.patientId()) ? "active" : "unassigned";
            Optional<DeviceStatus> live = query.patient(d.patientId()).flatMap(p ->
                    p.devices().stream().filter(s -> s.deviceId().equals(d.deviceId())).findFirst());
            return new DeviceRow(d.deviceId(), d.patientId(), d.kind(), state, d.generation(),
                    !d.revoked() && live.map(DeviceStatus::online).orElse(false),
                    live.map(DeviceStatus::lastSeenMillis).orElse(0L));
        }).toList();
    }

    @Override
    public String addDevice(String deviceId, String patientId, String kind, String actor) {
        String secret = admin.addDevice(deviceId, patientId, kind, actor, true);
        reload.run();
        return secret;
    }

    @Override
    public void moveDevice(String deviceId, String patientId, String actor) {
        admin.moveDevice(deviceId, patientId, actor);
        reload.run();
    }

    @Override
    public String rotateSecret(String deviceId, String actor) {
        String secret = admin.rotateSecret(deviceId, actor);
        reload.run();
        return secret;
    }

    @Override
    public void revokeDevice(String deviceId, String actor) {
        admin.revokeDevice(deviceId, actor);
        reload.run();
    }

    @Override
    public List<UserRow> users() {
        return admin.data().users().stream().map(u -> new UserRow(u.user(), u.role(), !u.disabled())).toList();
    }

    @Override
    public void addUser(String user, String role, char[] password, String actor) {
        admin.users().addUser(user, role, password, actor);
        reload.run();
    }

    @Override
    public void changeRole(String user, String role, String actor) {
        admin.users().changeRole(user, role, actor);
        reload.run();
    }

    @Override
    public void setDisabled(String user, boolean disabled, String actor) {
        admin.users().setDisabled(user, disabled, actor);
        reload.run();
    }

    @Override
    public void resetPassword(String user, char[] password, String actor) {
        admin.users().resetPassword(user, password, actor);
        reload.run();
    }

    private static PatientRow row(RegistryData.Patient p) {
        return new PatientRow(p.patientId(), p.infusionDate(), p.product(), p.displayLabel());
    }
}
