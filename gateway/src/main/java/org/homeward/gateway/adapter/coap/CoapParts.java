package org.homeward.gateway.adapter.coap;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.homeward.gateway.command.CommandOutbox;
import org.homeward.gateway.device.AuthBackoff;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.ingest.IngestService;

/**
 * The collaborators of {@link CoapAdapter}, named, instead of a long positional constructor.
 *
 * @param ingest       where accepted packs go
 * @param directory    device credentials and assignments
 * @param deviceEvents device connected/disconnected events (a non-blocking offer)
 * @param registry     meters
 * @param clock        receive times and back-off
 * @param backoff      back-off after repeated failed DTLS handshakes from one address: new handshakes from it
 *                     are dropped for a growing period, counted as authentication failures with reason
 *                     {@code backoff}; {@link AuthBackoff#NONE} for none
 * @param commands     device commands: piggybacked on the 2.04 of {@code POST /v1/senml}, answered at
 *                     {@code POST /v1/commands/response}; {@link CommandOutbox#NONE} for none
 */
public record CoapParts(IngestService ingest, DeviceDirectory directory, Consumer<DeviceEvent> deviceEvents,
                        MeterRegistry registry, Clock clock, AuthBackoff backoff, CommandOutbox commands) {
    public CoapParts {
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(deviceEvents, "deviceEvents");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(commands, "commands");
    }

    /** Without device commands. */
    public CoapParts(IngestService ingest, DeviceDirectory directory, Consumer<DeviceEvent> deviceEvents,
                     MeterRegistry registry, Clock clock, AuthBackoff backoff) {
        this(ingest, directory, deviceEvents, registry, clock, backoff, CommandOutbox.NONE);
    }

    /** Without handshake back-off. */
    public CoapParts(IngestService ingest, DeviceDirectory directory, Consumer<DeviceEvent> deviceEvents,
                     MeterRegistry registry, Clock clock) {
        this(ingest, directory, deviceEvents, registry, clock, AuthBackoff.NONE);
    }
}
