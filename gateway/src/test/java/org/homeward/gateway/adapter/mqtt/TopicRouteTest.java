package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.Set;
import org.homeward.gateway.ingest.Channel;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.PayloadFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The device topic rules and the failure mapping, as plain functions. */
class TopicRouteTest {

    @Test
    void ownTopicsRouteToTheRightChannelAndFormat() {
        assertThat(TopicRoute.of("v1/devices/d1/senml", "d1")).isEqualTo(new TopicRoute(Channel.SENML, false));
        assertThat(TopicRoute.of("v1/devices/d1/senml/cbor", "d1").format(MqttProperties.NO_PROPERTIES))
                .isEqualTo(PayloadFormat.SENML_CBOR);
        assertThat(TopicRoute.of("v1/devices/d1/status", "d1").channel()).isEqualTo(Channel.STATUS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1/devices/d2/senml", "v1/devices/d1x/senml", "v1/devices/d/senml",
        "v1/devices/d1/commands", "v1/devices/d1/senml/", "v1/devices/d1", "v2/devices/d1/senml", ""})
    void everythingElseHasNoRoute(String topic) {
        assertThat(TopicRoute.of(topic, "d1")).isNull();
    }

    @Test
    void onlyTheDevicesOwnCommandResponseTopicTakesAnswers() {
        assertThat(TopicRoute.isCommandResponse("v1/devices/d1/commands/response", "d1")).isTrue();
        assertThat(TopicRoute.isCommandResponse("v1/devices/d2/commands/response", "d1")).isFalse();
        assertThat(TopicRoute.isCommandResponse("v1/devices/d1/commands", "d1")).isFalse();
        assertThat(TopicRoute.isCommandResponse("v1/devices/d1/commands/response/x", "d1")).isFalse();
        assertThat(TopicRoute.of("v1/devices/d1/commands/response", "d1")).as("never ingested as readings").isNull();
    }

    @Test
    void contentTypePropertySelectsCbor() {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/senml+cbor"));

        assertThat(TopicRoute.of("v1/devices/d1/senml", "d1").format(props)).isEqualTo(PayloadFormat.SENML_CBOR);
        assertThat(TopicRoute.of("v1/devices/d1/senml", "d1").format(MqttProperties.NO_PROPERTIES))
                .isEqualTo(PayloadFormat.SENML_JSON);
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyFailureMapsToAReasonCodeThatIsValidInPubAck(FailureReason reason) {
        // MQTT 5 §3.4.2.1: the failure codes a PUBACK may carry
        Set<Integer> pubAckFailures = Set.of(0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99);

        assertThat(pubAckFailures).contains(PublishFailures.reasonCode(reason) & 0xFF);
        if (reason.isRetryable()) {
            assertThat(PublishFailures.closeOnV3(reason)).as("3.1.1 must not acknowledge what may be retried").isTrue();
        }
    }
}
