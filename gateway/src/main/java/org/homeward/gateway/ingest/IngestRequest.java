package org.homeward.gateway.ingest;

import java.util.Objects;
import org.homeward.gateway.domain.Transport;

/**
 * A protocol-neutral request from an authenticated device. Adapters copy the payload out of their
 * network buffers before building this, so no Netty or Californium type reaches ingest code.
 *
 * @param transport        which adapter received it (metric tag)
 * @param deviceId         the authenticated device identity (never taken from the payload)
 * @param channel          measurements or status
 * @param format           SenML encoding
 * @param payload          the raw pack; owned by the request from now on
 * @param receivedAtMillis gateway receive time (UTC epoch ms) from the injected clock
 */
public record IngestRequest(Transport transport, String deviceId, Channel channel, PayloadFormat format,
                            byte[] payload, long receivedAtMillis) {
    public IngestRequest {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(payload, "payload");
    }
}
