package org.homeward.gateway.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.homeward.gateway.command.DeviceCommand;

/**
 * The nurse's side of device commands (issue 16 item 2): ask a patient's device to do something now
 * (e.g. a blood-pressure cuff to measure), within a time-to-live, and follow what became of it.
 * Implemented by {@link NurseDeviceCommands}.
 *
 * <p>Threading: never blocks; futures complete on the command store's thread; listeners run there
 * and must not block.
 */
public interface DeviceCommandService {
    /** Commands a nurse may send: {@code measure} with one of these vitals, each for one device kind. */
    List<String> VITALS = List.of("blood-pressure", "spo2", "temperature", "weight");

    /**
     * Queues {@code command} for the patient's device; completes once the command is durable
     * ({@code queued}). Fails with {@link AlarmCommandException}: NOT_FOUND when the device is not
     * the patient's active device, REJECTED when the device kind cannot do it, CONFLICT when the
     * device has too many unfinished commands, UNAVAILABLE when it could not be stored.
     */
    CompletableFuture<DeviceCommand> send(String patientId, String deviceId, String command, String vital,
                                          long ttlSeconds, String user);

    /** The patient's commands, newest first. */
    List<DeviceCommand> forPatient(String patientId);

    /** Called after every durable transition (for the live view). */
    void onChange(Consumer<DeviceCommand> listener);
}
