package org.homeward.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.command.CommandOutbox.AnswerResult.Outcome;
import org.homeward.gateway.journal.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pending-command store on a clock the test moves: time-to-live, transitions, answers, durability. */
@Timeout(30)
class DeviceCommandsTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(1_000_000L);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static DeviceCommands.Request bp(String device, long ttl) {
        return new DeviceCommands.Request("p-1", device, "measure", "blood-pressure", ttl, "nurse1");
    }

    @Test
    void givenAQueuedCommandWhenItsTimeToLivePassesThenItExpiresAndIsNoLongerSendable() throws Exception {
        try (DeviceCommands store = new DeviceCommands(dir, clock, meters)) {
            List<CommandState> seen = new ArrayList<>();
            store.onChange(c -> seen.add(c.state()));
            DeviceCommand c = get(store.submit(bp("d-1", 60)));
            assertThat(store.sendable("d-1")).extracting(DeviceCommand::id).containsExactly(c.id());
            clock.advance(59_999);
            assertThat(get(store.expireNow())).isZero();
            assertThat(store.sendable("d-1")).hasSize(1);
            clock.advance(1);
            assertThat(store.sendable("d-1")).as("never sent once expired, even before the sweep").isEmpty();
            assertThat(get(store.expireNow())).isEqualTo(1);
            assertThat(store.forPatient("p-1").get(0).state()).isEqualTo(CommandState.EXPIRED);
            assertThat(seen).containsExactly(CommandState.QUEUED, CommandState.EXPIRED);
        }
    }

    @Test
    void givenADeliveredCommandThenOnlyItsOwnDeviceMayAnswerAndOnlyOnce() throws Exception {
        try (DeviceCommands store = new DeviceCommands(dir, clock, meters)) {
            DeviceCommand c = get(store.submit(bp("d-1", 60)));
            store.delivered("d-2", c.id());
            store.delivered("d-1", c.id());
            byte[] done = ("{\"id\":\"" + c.id() + "\",\"status\":\"done\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(get(store.answer("d-2", done, null)).outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(store.forPatient("p-1").get(0).state()).isEqualTo(CommandState.DELIVERED);
            assertThat(get(store.answer("d-1", done, null)).outcome()).isEqualTo(Outcome.RECORDED);
            assertThat(store.forPatient("p-1").get(0).state()).isEqualTo(CommandState.ANSWERED);
            assertThat(get(store.answer("d-1", done, null)).outcome()).isEqualTo(Outcome.FINISHED);
            assertThat(get(store.answer("d-1", "{\"status\":\"maybe\"}".getBytes(StandardCharsets.UTF_8), c.id())).outcome())
                    .isEqualTo(Outcome.MALFORMED);
            assertThat(meters.counter("homeward.command.answers.refused", "reason", "unknown").count()).isEqualTo(1);
        }
    }

    @Test
    void givenTooManyUnfinishedCommandsForOneDeviceThenTheNextIsRefused() throws Exception {
        try (DeviceCommands store = new DeviceCommands(dir, clock, meters)) {
            for (int i = 0; i < DeviceCommands.MAX_PENDING_PER_DEVICE; i++) {
                get(store.submit(bp("d-1", 60)));
            }
            assertThatThrownBy(() -> get(store.submit(bp("d-1", 60)))).hasCauseInstanceOf(IllegalStateException.class);
            assertThat(get(store.submit(bp("d-2", 60)))).isNotNull();
        }
    }

    @Test
    void givenARestartThenQueuedCommandsAreBackAndATornLastLineIsSkipped() throws Exception {
        String id;
        try (DeviceCommands store = new DeviceCommands(dir, clock, meters)) {
            id = get(store.submit(bp("d-1", 600))).id();
            get(store.submit(bp("d-9", 600)));
        }
        Files.writeString(dir.resolve(CommandLog.FILE), "{\"id\":\"torn", StandardOpenOption.APPEND);
        clock.advance(10_000);
        try (DeviceCommands again = new DeviceCommands(dir, clock, meters)) {
            assertThat(again.sendable("d-1")).extracting(DeviceCommand::id).containsExactly(id);
            assertThat(again.sendable("d-1").get(0).remainingSeconds(clock.millis())).isEqualTo(590);
            assertThat(again.forPatient("p-1")).hasSize(2);
        }
        assertThat(Files.readAllLines(dir.resolve(CommandLog.FILE))).as("compacted, torn line gone").hasSize(2);
    }

    @Test
    void givenAnAnswerWithoutAnIdOrWithTwoDifferentIdsThenItIsMalformed() {
        assertThatThrownBy(() -> CommandJson.parseAnswer("{\"status\":\"done\"}".getBytes(StandardCharsets.UTF_8), null))
                .hasMessageContaining("names no command");
        assertThatThrownBy(() -> CommandJson.parseAnswer("{\"id\":\"a\",\"status\":\"done\"}".getBytes(StandardCharsets.UTF_8), "b"))
                .hasMessageContaining("differ");
        assertThat(CommandJson.parseAnswer("{\"status\":\"refused\"}".getBytes(StandardCharsets.UTF_8), "b").done()).isFalse();
    }
}
