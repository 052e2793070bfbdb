package org.homeward.gateway.adapter.coap;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
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
 */
public record CoapParts(IngestService ingest, DeviceDirectory directory, Consumer<DeviceEvent> deviceEvents,
                        MeterRegistry registry, Clock clock, AuthBackoff backoff) {
    public CoapParts {
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(deviceEvents, "deviceEvents");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(backoff, "backoff");
    }

    /** Without handshake back-off. */
    public CoapParts(IngestService ingest, DeviceDirectory directory, Consumer<DeviceEvent> deviceEvents,
                     MeterRegistry registry, Clock clock) {
        this(ingest, directory, deviceEvents, registry, clock, AuthBackoff.NONE);
    }
}
