package org.homeward.sim.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A device of a cluster demo tries its own gateway first, then the cluster's others in turn. */
class LinkSettingsTest {
    @Test
    void theMqttServerListIsTheTargetThenTheOthersInOrder() {
        LinkSettings s = new LinkSettings("localhost", 1883, "d-1", "secret", "urn:x:", 10, null, null,
                List.of("localhost:1884", "10.0.0.3:1885"));

        assertThat(s.mqttUris()).containsExactly("tcp://localhost:1883", "tcp://localhost:1884", "tcp://10.0.0.3:1885");
        assertThat(new LinkSettings("h", 1, "d", "s", "b", 1, null, null).mqttUris()).containsExactly("tcp://h:1");
    }
}
