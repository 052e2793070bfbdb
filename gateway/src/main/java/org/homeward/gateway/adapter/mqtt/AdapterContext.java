package org.homeward.gateway.adapter.mqtt;

import java.time.Clock;
import java.util.function.Consumer;
import org.homeward.gateway.command.CommandOutbox;
import org.homeward.gateway.device.AuthBackoff;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceInfo;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.ingest.IngestService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every handler of the adapter shares; immutable, thread-safe. */
record AdapterContext(MqttSettings settings, IngestService ingest, DeviceDirectory directory,
                      SessionRegistry sessions, Consumer<DeviceEvent> deviceEvents, MqttMetrics metrics,
                      Clock clock, AuthBackoff backoff, CommandOutbox commands) {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterContext.class);

    /** Without device commands. */
    AdapterContext(MqttSettings settings, IngestService ingest, DeviceDirectory directory, SessionRegistry sessions,
                   Consumer<DeviceEvent> deviceEvents, MqttMetrics metrics, Clock clock, AuthBackoff backoff) {
        this(settings, ingest, directory, sessions, deviceEvents, metrics, clock, backoff, CommandOutbox.NONE);
    }

    /** Without authentication back-off. */
    AdapterContext(MqttSettings settings, IngestService ingest, DeviceDirectory directory, SessionRegistry sessions,
                   Consumer<DeviceEvent> deviceEvents, MqttMetrics metrics, Clock clock) {
        this(settings, ingest, directory, sessions, deviceEvents, metrics, clock, AuthBackoff.NONE);
    }

    /** Emits a device event; the consumer must not block (it runs on an event loop). */
    void emit(DeviceInfo device, DeviceEvent.Type type, String detail) {
        try {
            deviceEvents.accept(new DeviceEvent(device.deviceId(), device.patientId(), type, clock.millis(), detail));
        } catch (RuntimeException e) {
            LOG.warn("device event consumer failed for a {} event", type, e);
        }
    }
}
