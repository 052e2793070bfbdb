package org.homeward.gateway.journal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories for the benchmarks, on the same disk as the build ({@code target/}). */
final class BenchDirs {
    private BenchDirs() {
    }

    static Path create(String name) throws IOException {
        Path base = Path.of(System.getProperty("homeward.bench.dir", "target/bench"));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, name);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
