package org.homeward.gateway.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one audit log: rotated archives {@code <base>-000001.log}, {@code <base>-000002.log},
 * … (oldest first) and the current file {@code <base>.log}. The chain runs through them in that
 * order: the first entry of a file carries the hash of the last entry of the file before. Blocking.
 */
final class AuditFiles {
    private final Path current;
    private final Pattern archive;
    private final String base;

    AuditFiles(Path current) {
        this.current = current;
        String name = current.getFileName().toString();
        this.base = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
        this.archive = Pattern.compile(Pattern.quote(base) + "-(\\d{6,})\\.log");
    }

    Path current() {
        return current;
    }

    /** Every file of the log, oldest first; the current file last, if it exists. */
    List<Path> list() throws IOException {
        TreeMap<Long, Path> archives = new TreeMap<>();
        Path dir = current.toAbsolutePath().getParent();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, base + "-*.log")) {
                for (Path p : ds) {
                    Matcher m = archive.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        archives.put(Long.parseLong(m.group(1)), p);
                    }
                }
            }
        }
        List<Path> out = new ArrayList<>(archives.values());
        if (Files.exists(current)) {
            out.add(current);
        }
        return out;
    }

    /** The name the current file gets when it is rotated: one above the newest archive. */
    Path nextArchive() throws IOException {
        long n = 0;
        for (Path p : list()) {
            Matcher m = archive.matcher(p.getFileName().toString());
            if (m.matches()) {
                n = Math.max(n, Long.parseLong(m.group(1)));
            }
        }
        return current.resolveSibling(String.format("%s-%06d.log", base, n + 1));
    }

    /** Open channels on every file with the sizes they had when opened; a later rotation does not disturb them. */
    Snapshot open() throws IOException {
        Snapshot s = new Snapshot();
        try {
            for (Path p : list()) {
                FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                s.files.add(new LogFile(p, ch, ch.size()));
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** One file as it was when opened. */
    record LogFile(Path path, FileChannel channel, long size) {
    }

    /** All files, oldest first; close after use. */
    static final class Snapshot implements Closeable {
        final List<LogFile> files = new ArrayList<>();

        @Override
        public void close() {
            for (LogFile f : files) {
                try {
                    f.channel().close();
                } catch (IOException ignored) {
                    // read-only channel; nothing to lose
                }
            }
        }
    }
}
