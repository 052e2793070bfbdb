package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.PATCH;
import static org.homeward.gateway.clinical.Fixture.S;

import java.util.concurrent.TimeUnit;
import org.homeward.gateway.ingest.RecordRejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SENSOR-FAULT counts distinct refused samples (device, name, time, value) and says which vital, which
 * reason and how many (docs/clinical.md, technical alarm texts). Refusals come from the real decoder and
 * reach the monitor as the shard's binding passes them. Failed before: a record retransmitted three times
 * counted three and the text was always "3 implausible values within 10 min".
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SensorFaultTextTest {
    private static void send(Fixture f, String device, String json) {
        for (RecordRejection r : SenmlInput.decode(f, device, json).rejections()) {
            f.collect(f.monitor.onRejectedRecord(device, r.name(), r.reason().tag(), r.sample(), r.detail(), f.now));
        }
    }

    @Test
    void givenOneRefusedRecordRetransmittedThreeTimesThenNoSensorFault() {
        Fixture f = new Fixture();
        String pack = "[{\"bt\":1795420000,\"n\":\"temp\",\"u\":\"Cel\",\"v\":52.0}]";
        for (int i = 0; i < 3; i++) {
            send(f, PATCH, pack);
            f.advance(20 * S);
        }
        assertThat(f.open(Rules.SENSOR_FAULT, PATCH)).as("one sample, sent three times").isEmpty();
    }

    @Test
    void givenThreeDistinctRefusedSamplesThenSensorFaultNamesTheVitalReasonAndCount() {
        Fixture f = new Fixture();
        long t = f.now / 1000 - 60;
        send(f, OXI, "[{\"bt\":" + t + ",\"n\":\"spo2\",\"u\":\"/\",\"v\":1.4},{\"n\":\"spo2\",\"t\":5,\"u\":\"/\","
                + "\"v\":1.6}]");
        send(f, OXI, "[{\"bt\":" + t + ",\"n\":\"spo2\",\"u\":\"/\",\"v\":1.4}]");
        assertThat(f.open(Rules.SENSOR_FAULT, OXI)).as("two distinct samples so far").isEmpty();
        f.advance(30 * S);
        send(f, OXI, "[{\"bt\":" + (t + 10) + ",\"n\":\"hr\",\"u\":\"beat/min\",\"v\":900}]");
        String text = f.open(Rules.SENSOR_FAULT, OXI).orElseThrow().evidence();
        assertThat(text).startsWith("oximeter: 3 distinct refused samples within 10.0 min")
                .contains("spo2 implausible value × 2").contains("hr implausible value × 1")
                .contains("latest: hr 900.0").doesNotContain("3 implausible values");
        f.advance(10 * MIN + S);
        assertThat(f.open(Rules.SENSOR_FAULT, OXI)).as("ages out").isEmpty();
    }

    @Test
    void givenThreeRefusedRecordsInOnePackThenOneEvaluationRaisesWhatRecordByRecordRaises() {
        String json = "[{\"bt\":1795420000,\"n\":\"spo2\",\"u\":\"/\",\"v\":1.4},{\"n\":\"spo2\",\"t\":5,\"u\":\"/\","
                + "\"v\":1.6},{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":900}]";
        Fixture one = new Fixture();
        send(one, OXI, json);
        Fixture batch = new Fixture();
        java.util.List<PatientMonitor.Refused> refused = new java.util.ArrayList<>();
        for (RecordRejection r : SenmlInput.decode(batch, OXI, json).rejections()) {
            refused.add(new PatientMonitor.Refused(r.name(), r.reason().tag(), r.sample(), r.detail()));
        }
        assertThat(refused).hasSize(3);
        java.util.List<org.homeward.gateway.domain.Alarm> raised = batch.monitor.onRejectedRecords(OXI, refused, batch.now);
        batch.collect(raised);
        assertThat(raised).as("one alarm from one evaluation").hasSize(1);
        assertThat(batch.open(Rules.SENSOR_FAULT, OXI).orElseThrow().evidence())
                .isEqualTo(one.open(Rules.SENSOR_FAULT, OXI).orElseThrow().evidence())
                .startsWith("oximeter: 3 distinct refused samples");
    }

    @Test
    void givenFourRefusedRecordsInOnePackThenTheRaisedTextCountsTheWholePack() {
        Fixture f = new Fixture();
        java.util.List<PatientMonitor.Refused> refused = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            refused.add(new PatientMonitor.Refused("seq", "unknown_name", "seq@1795420000=" + i, "seq: unknown name"));
        }
        java.util.List<org.homeward.gateway.domain.Alarm> raised = f.monitor.onRejectedRecords(OXI, refused, f.now);
        f.collect(raised);
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).evidence()).startsWith("oximeter: 4 distinct refused samples within 10.0 min: "
                + "seq unknown name × 4; latest: seq: unknown name");
    }
}
