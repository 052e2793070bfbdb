package org.homeward.sim.transport;

/**
 * What a simulated device does with a command from the gateway ({@code {"id","command","vital",...}},
 * the same JSON over MQTT and CoAP): optionally a reading to send now, and the answer for
 * {@code v1/devices/{id}/commands/response} (MQTT) or {@code POST /v1/commands/response} (CoAP).
 * Called on client callback threads; must not block.
 */
public interface CommandHandler {
    /** Obeys nothing: commands are only counted. */
    CommandHandler NONE = payload -> null;

    /** The device's reply, or null to ignore the command. */
    Reply onCommand(byte[] payload);

    /**
     * @param reading the measurement taken because of the command, sent before the answer; may be null
     * @param answer  the answer JSON ({@code {"id","status":"done"|"refused","detail"}})
     */
    record Reply(Outgoing reading, byte[] answer) {
    }
}
