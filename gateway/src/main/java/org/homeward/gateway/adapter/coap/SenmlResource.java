package org.homeward.gateway.adapter.coap;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.ingest.Channel;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.IngestRequest;
import org.homeward.gateway.ingest.IngestService;
import org.homeward.gateway.ingest.PayloadFormat;

/**
 * {@code POST /v1/senml}: one SenML pack per request, Content-Format 110 (senml+json) or
 * 112 (senml+cbor). Block1 transfers arrive here already reassembled by Californium.
 *
 * <p>Runs on Californium's protocol threads and never blocks them: it hands the pack to
 * {@link IngestService#ingest} and answers from the future's completion (on the journal
 * thread; {@code respond} only enqueues onto the exchange's own executor). A CON request gets a
 * piggy-backed response as soon as the pack is durable; until then Californium's de-duplicator
 * absorbs the device's retransmissions, so ingest runs once per message id. NON gets NON.
 *
 * <p>Commands (Hono's time-till-disconnect idea without the wait): a 2.04 that has no rejection text
 * to carry brings the device's oldest queued command as {@code application/json} (see
 * {@link CommandPiggyback}); an empty 2.04 means no command.
 */
final class SenmlResource extends CoapResource {
    static final int SENML_JSON = 110;
    static final int SENML_CBOR = 112;

    private final IngestService ingest;
    private final RequestAuthenticator authenticator;
    private final CoapResponses responses;
    private final CoapMetrics metrics;
    private final Clock clock;
    private final int maxPayloadBytes;
    private final CommandPiggyback commands;

    SenmlResource(IngestService ingest, RequestAuthenticator authenticator, CoapResponses responses,
                  CoapMetrics metrics, Clock clock, int maxPayloadBytes) {
        this(ingest, authenticator, responses, metrics, clock, maxPayloadBytes, CommandPiggyback.NONE);
    }

    /** With device commands: a 2.04 without rejection text carries the device's oldest queued command. */
    SenmlResource(IngestService ingest, RequestAuthenticator authenticator, CoapResponses responses,
                  CoapMetrics metrics, Clock clock, int maxPayloadBytes, CommandPiggyback commands) {
        super("senml");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxPayloadBytes = maxPayloadBytes;
        getAttributes().addContentType(SENML_JSON);
        getAttributes().addContentType(SENML_CBOR);
    }

    @Override
    public void handleRequest(Exchange exchange) {
        if (exchange.getRequest().getCode() != Code.POST) {
            metrics.protocolError("method_not_allowed");
            exchange.sendResponse(responses.error(ResponseCode.METHOD_NOT_ALLOWED, "POST only"));
            return;
        }
        super.handleRequest(exchange);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Optional<PayloadFormat> format = formatOf(request.getOptions().getContentFormat());
        if (format.isEmpty()) {
            refuse(exchange, ResponseCode.UNSUPPORTED_CONTENT_FORMAT, "unsupported_content_format",
                    "Content-Format must be 110 (senml+json) or 112 (senml+cbor)");
            return;
        }
        if (request.getPayloadSize() > maxPayloadBytes) {
            Response tooLarge = responses.error(ResponseCode.REQUEST_ENTITY_TOO_LARGE, "pack exceeds "
                    + maxPayloadBytes + " bytes");
            tooLarge.getOptions().setSize1(maxPayloadBytes);
            metrics.protocolError("payload_too_large");
            exchange.respond(tooLarge);
            return;
        }
        Optional<String> deviceId = authenticator.deviceId(request);
        if (deviceId.isEmpty()) {
            exchange.respond(responses.error(ResponseCode.UNAUTHORIZED, null));
            return;
        }
        IngestRequest ingestRequest = new IngestRequest(Transport.COAP, deviceId.get(), Channel.SENML,
                format.get(), request.getPayload().clone(), clock.millis());
        String device = deviceId.get();
        submit(ingestRequest).whenComplete((outcome, error) -> {
            if (error != null) {
                exchange.respond(responses.failure(error));
                return;
            }
            Response changed = responses.changed(outcome);
            commands.respondWithNext(exchange, changed, device);
        });
    }

    private CompletableFuture<IngestOutcome> submit(IngestRequest request) {
        try {
            return ingest.ingest(request);
        } catch (RuntimeException e) {
            // the seam promises not to throw; if it does, the device still gets an answer
            return CompletableFuture.failedFuture(e);
        }
    }

    private void refuse(CoapExchange exchange, ResponseCode code, String reason, String diagnostic) {
        metrics.protocolError(reason);
        exchange.respond(responses.error(code, diagnostic));
    }

    static Optional<PayloadFormat> formatOf(int contentFormat) {
        return switch (contentFormat) {
            case SENML_JSON -> Optional.of(PayloadFormat.SENML_JSON);
            case SENML_CBOR -> Optional.of(PayloadFormat.SENML_CBOR);
            default -> Optional.empty();
        };
    }
}
