package org.homeward.gateway.adapter.coap;

import java.util.Objects;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.DelivererException;
import org.eclipse.californium.core.server.ServerMessageDeliverer;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Deny by default: a request for anything but {@code /v1/senml}, {@code /v1/commands} and
 * {@code /v1/commands/response} gets 4.04 and is counted
 * ({@code homeward.protocol.errors{reason=not_found}}), including Californium's informational
 * root resource and the {@code /v1} path element. Called on Californium's protocol threads;
 * never blocks.
 */
final class CountingDeliverer extends ServerMessageDeliverer {
    private final CoapMetrics metrics;

    CountingDeliverer(Resource root, Configuration config, CoapMetrics metrics) {
        super(root, config);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    protected Resource findResource(Exchange exchange) throws DelivererException {
        Resource found;
        try {
            found = super.findResource(exchange);
        } catch (DelivererException e) {
            metrics.protocolError("not_found");
            throw e;
        }
        if (!(found instanceof SenmlResource) && !(found instanceof CommandResources.DeviceResource)) {
            metrics.protocolError("not_found");
            throw new DelivererException(ResponseCode.NOT_FOUND, "only /v1/senml and /v1/commands");
        }
        return found;
    }
}
