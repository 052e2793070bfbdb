package org.homeward.gateway.adapter.coap;

import java.time.Clock;
import java.util.List;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.homeward.gateway.command.CommandJson;
import org.homeward.gateway.command.CommandOutbox;
import org.homeward.gateway.command.DeviceCommand;

/**
 * Puts a device's oldest queued, unexpired command into a response it is getting anyway (CoAP
 * devices sleep between requests, so the gateway cannot call them): payload = the command JSON
 * ({@link CommandJson#devicePayload}), Content-Format 50 (application/json), Max-Age = the seconds
 * it has left. The command counts as delivered once the response is handed to Californium: a lost
 * piggybacked ACK makes the device retransmit its CON, and the deduplicator answers with the same
 * response, command included. One command per response; the next rides on the next request.
 *
 * <p>Threading: any thread; never blocks.
 */
final class CommandPiggyback {
    static final CommandPiggyback NONE = new CommandPiggyback(CommandOutbox.NONE, Clock.systemUTC());
    private final CommandOutbox outbox;
    private final Clock clock;

    CommandPiggyback(CommandOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Sends {@code response}, with the device's next command in it when it has no payload of its own. */
    void respondWithNext(CoapExchange exchange, Response response, String deviceId) {
        DeviceCommand next = response.getPayloadSize() == 0 ? next(deviceId) : null;
        if (next != null) {
            attach(response, next);
        }
        exchange.respond(response);
        if (next != null) {
            outbox.delivered(deviceId, next.id());
        }
    }

    /** The device's oldest sendable command, or null. */
    DeviceCommand next(String deviceId) {
        List<DeviceCommand> pending = outbox.sendable(deviceId);
        return pending.isEmpty() ? null : pending.get(0);
    }

    void attach(Response response, DeviceCommand c) {
        long now = clock.millis();
        response.setPayload(CommandJson.devicePayload(c, now));
        response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        response.getOptions().setMaxAge(c.remainingSeconds(now));
    }
}
