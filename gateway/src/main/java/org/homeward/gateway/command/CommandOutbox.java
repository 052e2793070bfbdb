package org.homeward.gateway.command;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the device adapters see of the pending commands: what to send a device now, that it got
 * one, and its answer. Implemented by {@link DeviceCommands}; {@link #NONE} for adapters without
 * commands (tests, tools).
 *
 * <p>Threading: every method is safe from any thread and never blocks; listeners run on the
 * implementation's own thread and must not block either.
 */
public interface CommandOutbox {
    /** No commands ever; every answer is for an unknown command. */
    CommandOutbox NONE = new CommandOutbox() {
        @Override
        public List<DeviceCommand> sendable(String deviceId) {
            return List.of();
        }

        @Override
        public void delivered(String deviceId, String commandId) {
        }

        @Override
        public CompletableFuture<AnswerResult> answer(String deviceId, byte[] payload, String correlationId) {
            return CompletableFuture.completedFuture(new AnswerResult(AnswerResult.Outcome.UNKNOWN, "unknown command"));
        }

        @Override
        public void onQueued(Consumer<DeviceCommand> listener) {
        }
    };

    /** The device's queued commands that have not expired, oldest first (send these now). */
    List<DeviceCommand> sendable(String deviceId);

    /** The device has the command (MQTT PUBACK; CoAP response sent). Unknown or finished ids are ignored. */
    void delivered(String deviceId, String commandId);

    /**
     * The device's answer ({@link CommandJson#parseAnswer} format); completes once the answer is
     * durable, or at once with why it was not taken. Only the command's own device may answer it.
     */
    CompletableFuture<AnswerResult> answer(String deviceId, byte[] payload, String correlationId);

    /** Called with every newly queued command (to send it at once when its device is online). */
    void onQueued(Consumer<DeviceCommand> listener);

    /** What became of a device's answer. */
    record AnswerResult(Outcome outcome, String message) {
        public enum Outcome {
            /** durable: the command is now answered or refused */
            RECORDED,
            /** no such command for this device */
            UNKNOWN,
            /** already answered, refused or expired: the answer came too late */
            FINISHED,
            /** not a valid answer */
            MALFORMED
        }
    }
}
