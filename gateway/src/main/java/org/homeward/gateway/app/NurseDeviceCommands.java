package org.homeward.gateway.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.homeward.gateway.audit.AuditTrail;
import org.homeward.gateway.command.CommandState;
import org.homeward.gateway.command.DeviceCommand;
import org.homeward.gateway.command.DeviceCommands;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceInfo;

/**
 * {@link DeviceCommandService} over the command store ({@code command.DeviceCommands}) and the device
 * registry: checks that the device is the patient's and of the kind the command needs, cancels a
 * device's unfinished commands when the registry deactivates it (revoked, moved, released), and audits
 * every transition ({@code command.queued} by the nurse; {@code command.delivered},
 * {@code command.answered}, {@code command.refused}, {@code command.expired} by {@code system}),
 * with pseudonyms only.
 *
 * <p>Threading: any thread; audit lines are written from the store's thread (non-blocking).
 */
public final class NurseDeviceCommands implements DeviceCommandService {
    /** Which device kind can measure which vital. */
    private static final Map<String, String> KIND_OF_VITAL = Map.of("blood-pressure", "bp-cuff", "spo2", "oximeter",
            "temperature", "patch", "weight", "scale");
    private static final String SYSTEM = "system";
    private final DeviceCommands store;
    private final DeviceDirectory directory;

    public NurseDeviceCommands(DeviceCommands store, DeviceDirectory directory, AuditTrail audit) {
        this.store = store;
        this.directory = directory;
        store.onChange(c -> audit.record(c.state() == CommandState.QUEUED ? c.requestedBy() : SYSTEM,
                "command." + c.state().tag(), details(c)));
        // revoked, moved to another patient or released by a discharge: its commands end here
        directory.onDeactivated(deviceId -> store.cancelFor(deviceId, "cancelled: device revoked, moved or released"));
    }

    @Override
    public CompletableFuture<DeviceCommand> send(String patientId, String deviceId, String command, String vital,
                                                 long ttlSeconds, String user) {
        Optional<DeviceInfo> device = directory.find(deviceId).filter(d -> d.patientId().equals(patientId));
        if (device.isEmpty()) {
            return CompletableFuture.failedFuture(new AlarmCommandException(AlarmCommandException.Reason.NOT_FOUND,
                    "no such active device for this patient"));
        }
        String kind = KIND_OF_VITAL.get(vital);
        if (!"measure".equals(command) || kind == null) {
            return CompletableFuture.failedFuture(new AlarmCommandException(AlarmCommandException.Reason.REJECTED,
                    "unsupported command: measure with vital one of " + VITALS));
        }
        if (!kind.equals(device.get().kind())) {
            return CompletableFuture.failedFuture(new AlarmCommandException(AlarmCommandException.Reason.REJECTED,
                    "a " + device.get().kind() + " cannot measure " + vital + " (needs a " + kind + ")"));
        }
        return store.submit(new DeviceCommands.Request(patientId, deviceId, command, vital, ttlSeconds, user))
                .handle((c, e) -> {
                    if (e == null) {
                        return c;
                    }
                    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    throw t instanceof IllegalStateException
                            ? new AlarmCommandException(AlarmCommandException.Reason.CONFLICT, t.getMessage())
                            : new AlarmCommandException(AlarmCommandException.Reason.UNAVAILABLE,
                                    "the command could not be stored; try again");
                });
    }

    @Override
    public List<DeviceCommand> forPatient(String patientId) {
        return store.forPatient(patientId);
    }

    @Override
    public void onChange(Consumer<DeviceCommand> listener) {
        store.onChange(listener);
    }

    private static Map<String, String> details(DeviceCommand c) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("command", c.id());
        d.put("patient", c.patientId());
        d.put("device", c.deviceId());
        d.put("what", c.command() + (c.vital() == null ? "" : " " + c.vital()));
        if (c.detail() != null) {
            d.put("detail", c.detail());
        }
        return d;
    }
}
