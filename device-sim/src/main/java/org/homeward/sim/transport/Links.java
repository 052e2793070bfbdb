package org.homeward.sim.transport;

/** Creates device links by transport; the only place that knows the concrete link classes. */
public final class Links {
    /** Transport of one simulated device. */
    public enum Kind { MQTT3, MQTT5, COAP }

    private Links() {
    }

    /** A new, not yet started link; {@code coap} may be null unless {@code kind} is COAP. */
    public static DeviceLink create(Kind kind, LinkSettings s, CoapSupport coap) {
        try {
            return switch (kind) {
                case MQTT3 -> new MqttV3Link(s);
                case MQTT5 -> new MqttV5Link(s);
                case COAP -> new CoapLink(s, coap);
            };
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + kind + " link: " + e.getMessage(), e);
        }
    }
}
