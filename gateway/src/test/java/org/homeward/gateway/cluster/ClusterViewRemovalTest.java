package org.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientSnapshot;
import org.junit.jupiter.api.Test;

/**
 * A discharged patient leaves every node's board: the owner writes a tombstone to the compacted patients
 * topic, and a node's view that reads it forgets the patient and tells its live view (only for another
 * node's tombstone; the owner's own board was told by its engine). Before, the view kept the last snapshot
 * for good, so a discharged patient stayed on the cluster's boards and API.
 */
class ClusterViewRemovalTest {

    @Test
    void anotherNodesTombstoneRemovesThePatientFromTheViewAndTheLiveBoard() throws Exception {
        List<String> removed = new ArrayList<>();
        LiveListener live = new LiveListener() {
            @Override
            public void onPatientChanged(PatientSnapshot snapshot, Reading reading) {
            }

            @Override
            public void onAlarm(Alarm alarm) {
            }

            @Override
            public void onPatientRemoved(String patientId) {
                removed.add(patientId);
            }
        };
        // the consumer is never polled here: apply() is fed the records a poll would return
        KafkaClients clients = new KafkaClients(ClusterSettings.forTest("node-a", "127.0.0.1:1", 4));
        try (ClusterView view = new ClusterView(clients, live, null)) {
            String topic = clients.settings().topics().patients();
            view.apply(record(topic, "p-1", ViewCodec.snapshot(snapshot("p-1")), "node-b"));
            view.apply(record(topic, "p-2", ViewCodec.snapshot(snapshot("p-2")), "node-a"));
            assertThat(view.patient("p-1")).isPresent();

            view.apply(record(topic, "p-1", null, "node-b"));
            assertThat(view.patient("p-1")).isEmpty();
            assertThat(removed).containsExactly("p-1");

            view.apply(record(topic, "p-2", null, "node-a")); // this node's own tombstone: its board already knows
            assertThat(view.patient("p-2")).isEmpty();
            assertThat(removed).containsExactly("p-1");
        }
    }

    private static ConsumerRecord<String, byte[]> record(String topic, String key, byte[] value, String node) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(topic, 0, 0, key, value);
        r.headers().add(new RecordHeader(ViewPublisher.NODE, node.getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    private static PatientSnapshot snapshot(String patient) {
        return new PatientSnapshot(patient, "Bed 1", "axi-cel", LocalDate.of(2026, 12, 1), 6, Map.of(), null,
                List.of(), List.of(), 1_000, Map.of());
    }
}
