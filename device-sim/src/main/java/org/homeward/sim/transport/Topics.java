package org.homeward.sim.transport;

import org.homeward.sim.model.Channel;
import org.homeward.sim.senml.SenmlFormat;

/** MQTT topics of the contract: {@code v1/devices/{id}/senml[/cbor]}, {@code .../status}, {@code .../commands}. */
public final class Topics {
    private Topics() {
    }

    /**
     * Topic for a pack. MQTT 3.1.1 has no Content Type, so CBOR goes to {@code .../senml/cbor};
     * MQTT 5 announces CBOR with the Content Type property on {@code .../senml}.
     */
    public static String of(String deviceId, Channel channel, SenmlFormat format, boolean mqtt5) {
        String base = "v1/devices/" + deviceId + "/";
        if (channel == Channel.STATUS) {
            return base + "status";
        }
        return format == SenmlFormat.CBOR && !mqtt5 ? base + "senml/cbor" : base + "senml";
    }

    public static String status(String deviceId) {
        return "v1/devices/" + deviceId + "/status";
    }

    public static String commands(String deviceId) {
        return "v1/devices/" + deviceId + "/commands";
    }

    /** Where a device answers its commands. */
    public static String commandResponse(String deviceId) {
        return "v1/devices/" + deviceId + "/commands/response";
    }

    /** The will ("offline" notice) as SenML JSON. */
    public static byte[] offlineNotice(String baseName) {
        return ("[{\"bn\":\"" + baseName + "\",\"n\":\"online\",\"vb\":false}]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
