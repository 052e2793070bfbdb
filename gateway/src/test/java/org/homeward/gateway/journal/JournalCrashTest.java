package org.homeward.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL while it appends, then checks that everything the child saw
 * acknowledged is in the journal with its exact bytes. This covers a process crash (the page cache
 * survives); power loss is covered by fsync-before-complete and is not simulated here.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalCrashTest {
    private static final int ACKS_BEFORE_KILL = 2_000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEntrySurvivesAKilledProcess() throws Exception {
        Path journalDir = dir.resolve("journal");
        Path stderr = dir.resolve("child.err");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                JournalCrashChild.class.getName(), journalDir.toString())
                .redirectError(stderr.toFile()).start();
        Map<Long, Long> acknowledged = new LinkedHashMap<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(JournalCrashChild.PREFIX)) {
                    String[] parts = line.substring(JournalCrashChild.PREFIX.length()).split(" ");
                    if (parts.length == 2) {
                        acknowledged.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                    }
                }
                if (acknowledged.size() == ACKS_BEFORE_KILL) {
                    // SIGKILL through the handle: Process.destroyForcibly() would also close our end of
                    // the pipe, losing the acknowledgements the child printed just before dying
                    child.toHandle().destroyForcibly();
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("child output; stderr: %s", Files.exists(stderr) ? Files.readString(stderr) : "")
                .hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (SegmentedJournal journal = JournalFixture.open(JournalSettings.defaults(journalDir))) {
            long maxAcked = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(journal.lastSequence()).isGreaterThanOrEqualTo(maxAcked);
            for (Map.Entry<Long, Long> ack : acknowledged.entrySet()) {
                List<JournalEntry> got = journal.read(ack.getKey() - 1, 1);
                assertThat(got).as("sequence %d", ack.getKey()).hasSize(1);
                assertThat(got.get(0).sequence()).isEqualTo(ack.getKey());
                assertThat(got.get(0).payload()).isEqualTo(JournalFixture.payload(ack.getValue()));
            }
            assertThat(journal.read(0, Integer.MAX_VALUE)).hasSize((int) journal.lastSequence());
        }
    }
}
