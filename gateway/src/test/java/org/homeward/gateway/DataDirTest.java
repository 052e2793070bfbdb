package org.homeward.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One gateway per data directory, and the ports file it publishes. */
class DataDirTest {
    @TempDir
    Path tmp;

    @Test
    void givenALockedDataDir_whenLockedAgain_thenItFailsNamingTheDirectory_andOnceReleased_thenItLocks() throws Exception {
        DataDir dir = new DataDir(tmp.resolve("data"));
        FileChannel first = dir.lock();

        assertThatThrownBy(dir::lock).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another gateway is running on data.dir").hasMessageContaining("data");

        first.close();
        try (FileChannel again = dir.lock()) {
            assertThat(again.isOpen()).isTrue();
        }
    }

    @Test
    void givenPorts_whenWritten_thenPortsJsonHoldsThemAndNoTemporaryFileStays() throws Exception {
        DataDir dir = new DataDir(tmp);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("mqtt", 1883);
        ports.put("http", -1);

        dir.writePorts(ports);

        assertThat(new ObjectMapper().readValue(tmp.resolve("ports.json").toFile(), Map.class))
                .containsEntry("mqtt", 1883).containsEntry("http", -1);
        assertThat(Files.exists(tmp.resolve("ports.json.tmp"))).isFalse();
    }
}
