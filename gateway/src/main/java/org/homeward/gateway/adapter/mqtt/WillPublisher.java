package org.homeward.gateway.adapter.mqtt;

import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.ingest.Channel;
import org.homeward.gateway.ingest.IngestRequest;
import org.homeward.gateway.ingest.PayloadFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a will when a connection ends abnormally. The will was checked at CONNECT to target
 * the device's own status topic. Any will (even empty or not SenML) is an offline notice; a
 * non-empty payload is also ingested as a status pack, whose failures ingest counts.
 */
final class WillPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(WillPublisher.class);
    private final AdapterContext context;

    WillPublisher(AdapterContext context) {
        this.context = context;
    }

    void publish(MqttSession session) {
        context.emit(session.device(), DeviceEvent.Type.OFFLINE_NOTICE, "will message");
        MqttSession.Will will = session.will();
        if (will.payload().length == 0) {
            return;
        }
        PayloadFormat format = TopicRoute.CBOR_CONTENT_TYPE.equalsIgnoreCase(will.contentType())
                ? PayloadFormat.SENML_CBOR : PayloadFormat.SENML_JSON;
        IngestRequest request = new IngestRequest(Transport.MQTT, session.deviceId(), Channel.STATUS, format,
                will.payload(), context.clock().millis());
        try {
            context.ingest().ingest(request).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.debug("will payload not stored: {}", MqttPublishes.reasonOf(error).tag());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("will payload not stored", e);
        }
    }
}
