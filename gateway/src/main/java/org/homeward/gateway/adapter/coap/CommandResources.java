package org.homeward.gateway.adapter.coap;

import java.util.Optional;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.homeward.gateway.command.CommandOutbox;

/**
 * {@code /v1/commands}: {@code GET} polls the device's next command (2.05 with the command JSON, or
 * an empty 2.05 when there is none), for a device with no reading to send; {@code POST
 * /v1/commands/response} takes its answer ({@code {"id","status":"done"|"refused","detail"}}, JSON).
 * Answers: 2.04 once durable; 4.00 not a valid answer; 4.04 no such command for this device;
 * 4.09 already answered, refused or expired; 5.00 not stored (send it again).
 *
 * <p>Threading: Californium's threads; the answer's response is sent from the outbox's thread.
 */
final class CommandResources {
    private CommandResources() {
    }

    /** A command resource, which {@link CountingDeliverer} lets devices reach. */
    abstract static class DeviceResource extends CoapResource {
        DeviceResource(String name) {
            super(name);
        }
    }

    static CoapResource commands(RequestAuthenticator auth, CoapResponses responses, CommandPiggyback piggyback,
                                 CommandOutbox outbox) {
        CoapResource commands = new DeviceResource("commands") {
            @Override
            public void handleGET(CoapExchange exchange) {
                Optional<String> device = auth.deviceId(exchange.advanced().getRequest());
                if (device.isEmpty()) {
                    exchange.respond(responses.error(ResponseCode.UNAUTHORIZED, null));
                    return;
                }
                piggyback.respondWithNext(exchange, new Response(ResponseCode.CONTENT), device.get());
            }
        };
        commands.add(new DeviceResource("response") {
            @Override
            public void handlePOST(CoapExchange exchange) {
                Request request = exchange.advanced().getRequest();
                Optional<String> device = auth.deviceId(request);
                if (device.isEmpty()) {
                    exchange.respond(responses.error(ResponseCode.UNAUTHORIZED, null));
                    return;
                }
                outbox.answer(device.get(), request.getPayload(), null).whenComplete((r, e) -> {
                    if (e != null) {
                        exchange.respond(responses.error(ResponseCode.INTERNAL_SERVER_ERROR, "answer not stored, send it again"));
                        return;
                    }
                    switch (r.outcome()) {
                        case RECORDED -> exchange.respond(ResponseCode.CHANGED);
                        case MALFORMED -> refuse(exchange, responses, ResponseCode.BAD_REQUEST, r.message());
                        case UNKNOWN -> refuse(exchange, responses, ResponseCode.NOT_FOUND, r.message());
                        case FINISHED -> refuse(exchange, responses, ResponseCode.CONFLICT, r.message());
                    }
                });
            }
        });
        return commands;
    }

    /** A refused answer (counted by the outbox as {@code homeward.command.answers.refused}). */
    private static void refuse(CoapExchange exchange, CoapResponses responses, ResponseCode code, String message) {
        exchange.respond(responses.error(code, message));
    }
}
