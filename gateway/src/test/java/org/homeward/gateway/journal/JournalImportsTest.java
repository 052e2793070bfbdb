package org.homeward.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The journal is plain Java: no transport library may leak into it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalImportsTest {
    @Test
    void journalSourcesImportNoNettyPahoOrCalifornium() throws IOException {
        Path root = Path.of(System.getProperty("homeward.repo.root", ".."));
        Path sources = root.resolve("gateway/src/main/java/org/homeward/gateway/journal");
        List<Path> files;
        try (Stream<Path> s = Files.list(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file.getFileName().toString())
                    .doesNotContain("import io.netty").doesNotContain("import org.eclipse.paho")
                    .doesNotContain("import org.eclipse.californium");
        }
    }
}
