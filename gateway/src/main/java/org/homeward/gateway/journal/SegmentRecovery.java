package org.homeward.gateway.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segments of a journal directory and validates every frame (length, CRC32C, sequence
 * continuity). Rules:
 * <ul>
 *   <li>In the last segment, the first bad frame and everything after it is cut off the file
 *       (a write torn by a crash and a flipped byte look the same); WARN with the bytes cut.</li>
 *   <li>In an older segment, reading stops at the first bad frame; the bytes stay on disk for
 *       inspection, the later segments are kept and read normally; ERROR and a counted
 *       {@code segment_cut}. Readers see a gap in the sequences, as after retention.</li>
 *   <li>Segments that overlap in sequence are refused: that is not crash damage but a mixed-up
 *       directory, and guessing would reorder clinical data.</li>
 * </ul>
 * Runs once, on the opening thread, before the writer starts.
 */
final class SegmentRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRecovery.class);
    private static final int SCAN_BUFFER = 1024 * 1024;

    private final Path dir;
    private final JournalMetrics metrics;

    SegmentRecovery(Path dir, JournalMetrics metrics) {
        this.dir = dir;
        this.metrics = metrics;
    }

    /** Opened segments in sequence order; the caller owns (and must close) them. */
    List<Segment> recover() throws IOException {
        TreeMap<Long, Path> files = segmentFiles();
        List<Segment> segments = new ArrayList<>(files.size());
        long expected = -1;
        try {
            for (var file : files.entrySet()) {
                long base = file.getKey();
                if (expected > 0) {
                    checkContinuity(file.getValue(), base, expected);
                }
                Segment segment = Segment.open(file.getValue(), base);
                segments.add(segment);
                scan(segment, base == files.lastKey());
                expected = segment.lastSequence() + 1;
            }
        } catch (IOException | RuntimeException e) {
            for (Segment s : segments) {
                s.close();
            }
            throw e;
        }
        return segments;
    }

    private void checkContinuity(Path file, long base, long expected) throws IOException {
        if (base < expected) {
            throw new IOException("journal segment " + file.getFileName() + " starts at sequence " + base
                    + " but the previous segment reaches " + (expected - 1) + "; refusing to open an inconsistent journal");
        }
        if (base > expected) {
            metrics.damage(JournalMetrics.Damage.GAP);
            LOG.error("journal sequences {}..{} are missing before segment {}; later entries are kept",
                    expected, base - 1, file.getFileName());
        }
    }

    private TreeMap<Long, Path> segmentFiles() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path p : stream) {
                long base = Segment.baseSequenceOf(p);
                if (base > 0) {
                    files.put(base, p);
                } else {
                    LOG.warn("ignoring unexpected file {} in the journal directory", p.getFileName());
                }
            }
        }
        return files;
    }

    private void scan(Segment segment, boolean last) throws IOException {
        long size = segment.channel().size();
        FrameScanner scanner = new FrameScanner(segment.channel(), 0, size, SCAN_BUFFER);
        long expected = segment.baseSequence();
        FrameScanner.Status status;
        while ((status = scanner.next()) == FrameScanner.Status.FRAME && scanner.sequence() == expected) {
            segment.indexFrame(expected, scanner.frameStart() - FrameCodec.frameBytes(scanner.payload().length));
            segment.publish(expected, scanner.frameStart(), scanner.writtenAtMillis());
            expected++;
        }
        long good = segment.readableBytes();
        if (status == FrameScanner.Status.END) {
            return;
        }
        String what = status == FrameScanner.Status.FRAME ? "sequence break" : status.name().toLowerCase();
        if (last) {
            segment.channel().truncate(good);
            segment.channel().force(true);
            segment.setFileBytes(good);
            metrics.damage(JournalMetrics.Damage.TAIL_TRUNCATED);
            LOG.warn("journal segment {}: {} at offset {}; cut {} bytes, kept {} entries up to sequence {}",
                    segment.path().getFileName(), what, good, size - good, expected - segment.baseSequence(),
                    expected - 1);
        } else {
            segment.setFileBytes(size);
            metrics.damage(JournalMetrics.Damage.SEGMENT_CUT);
            LOG.error("journal segment {}: {} at offset {} of an older segment; {} bytes after it are unreadable "
                    + "and left on disk, entries up to sequence {} kept, later segments still read",
                    segment.path().getFileName(), what, good, size - good, expected - 1);
        }
    }
}
