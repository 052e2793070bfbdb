package org.homeward.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LoadPiecesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void packIsExactly200BytesOfValidSenmlCarryingTheSendTime() throws Exception {
        PackBuilder b = new PackBuilder("bench-d00042", 200);
        ByteBuf buf = b.build(ByteBufAllocator.DEFAULT, 1_764_057_600_123L);
        try {
            assertThat(buf.readableBytes()).isEqualTo(200);
            JsonNode pack = JSON.readTree(buf.toString(StandardCharsets.US_ASCII));
            assertThat(pack.get(0).get("bn").asText()).isEqualTo("bench-d00042/");
            assertThat(pack.get(0).get("bt").decimalValue()).isEqualByComparingTo("1764057600.123");
            assertThat(pack.get(0).get("n").asText()).isEqualTo("temp");
            assertThat(pack).hasSize(4);
        } finally {
            buf.release();
        }
    }

    @Test
    void millisecondsBelowOneHundredKeepTheirLeadingZeros() throws Exception {
        ByteBuf buf = new PackBuilder("d", 200).build(ByteBufAllocator.DEFAULT, 1_764_057_600_007L);
        try {
            assertThat(JSON.readTree(buf.toString(StandardCharsets.US_ASCII)).get(0).get("bt").decimalValue())
                    .isEqualByComparingTo("1764057600.007");
        } finally {
            buf.release();
        }
    }

    @Test
    void aLongDeviceIdMakesTheTemplateLongerNotInvalid() throws Exception {
        PackBuilder b = new PackBuilder("x".repeat(64), 100);
        assertThat(b.size()).isGreaterThan(100);
        ByteBuf buf = b.build(ByteBufAllocator.DEFAULT, 1_764_057_600_000L);
        try {
            assertThat(JSON.readTree(buf.toString(StandardCharsets.US_ASCII)).isArray()).isTrue();
        } finally {
            buf.release();
        }
    }

    @Test
    void credentialsAreReadFromAnArrayOrFromJsonLines() throws Exception {
        List<Credentials> array = Credentials.parse(
                "[{\"deviceId\":\"d1\",\"secret\":\"s1\",\"patientId\":\"p1\",\"kind\":\"patch\"}]");
        List<Credentials> lines = Credentials.parse(
                "{\"deviceId\":\"d1\",\"secret\":\"s1\",\"patientId\":\"p1\",\"kind\":\"patch\"}\n\n"
                        + "{\"deviceId\":\"d2\",\"secret\":\"s2\",\"patientId\":\"p2\",\"kind\":\"oximeter\"}\n");
        assertThat(array).containsExactly(new Credentials("d1", "s1", "p1", "patch"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).topic()).isEqualTo("v1/devices/d2/senml");
        assertThatThrownBy(() -> Credentials.parse("[{\"deviceId\":\"d1\"}]"))
                .hasMessageContaining("element 0").hasMessageContaining("secret");
    }

    @Test
    void latencySummaryIsInMillisecondsAndTheMarkdownHasOneRowPerFigure() {
        Histogram h = new Histogram(FleetStats.MAX_MICROS, 3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 100L); // 0.1 .. 10 ms
        }
        Map<String, Object> lat = Report.latency(h);
        assertThat(lat.get("count")).isEqualTo(100L);
        assertThat((Double) lat.get("p50_ms")).isBetween(4.9, 5.1);
        assertThat((Double) lat.get("p99_ms")).isBetween(9.8, 10.1);

        Report r = new Report("LoadMain run --port 1", Map.of("qos", 1));
        Map<String, Object> p = r.phase("max");
        p.put("acked_per_s", 123456.0);
        p.put("publish_to_puback", lat);
        String md = r.markdown();
        assertThat(md).contains("`LoadMain run --port 1`").contains("| max | value |")
                .contains("| acked_per_s | 123,456 |").contains("| publish_to_puback.p99_ms |");
        assertThat(Report.machine()).containsKeys("cpus", "cpuModel", "kernel", "loadAverage");
    }

    @Test
    void theProbeMatchesAReadingOnceByPatientAndReadingTime() {
        SendLog log = new SendLog();
        FleetStats stats = new FleetStats();
        WsProbe probe = new WsProbe(log, stats);
        try {
            log.sent("p1", 1_764_057_600_123L, 1_000_000L);
            String msg = "{\"type\":\"patient\",\"serverTime\":1,\"patient\":{\"pseudonym\":\"p1\","
                    + "\"latest\":{\"temp\":{\"value\":36.9,\"atMillis\":1764057600123}}}}";
            probe.onText(msg, 3_000_000L);
            probe.onText(msg, 4_000_000L); // same reading again (e.g. a device-status change): not a new sample
            probe.onText("{\"type\":\"heartbeat\"}", 5_000_000L);
            probe.onText("not json", 5_000_000L);

            assertThat(probe.patientMessages.sum()).isEqualTo(2);
            assertThat(probe.matched.sum()).isEqualTo(1);
            Histogram h = stats.liveLatency.getIntervalHistogram();
            assertThat(h.getTotalCount()).isEqualTo(1);
            assertThat(h.getMaxValue()).isBetween(1999L, 2001L); // 2 ms in µs
        } finally {
            probe.close();
        }
    }

    @Test
    void procWatchOfNoProcessIsInactiveAndCpuPercentIsComputedFromTicks() {
        assertThat(new ProcWatch(0).active()).isFalse();
        assertThat(new ProcWatch(ProcessHandle.current().pid()).sample().rssKib()).isPositive();
        ProcWatch.Sample a = new ProcWatch.Sample(0, 100, 1);
        ProcWatch.Sample b = new ProcWatch.Sample(2_000_000_000L, 250, 1);
        assertThat(ProcWatch.cpuPercent(a, b)).isEqualTo(75.0);
    }
}
