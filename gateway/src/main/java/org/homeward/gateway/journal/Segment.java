package org.homeward.gateway.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.homeward.gateway.files.PrivateFiles;

/**
 * One segment file, named after the sequence of its first entry ({@code 00000000000000000001.seg}).
 * The writer thread (or recovery) appends and then {@link #publish publishes} what is durable;
 * readers only look at the published range. The channel is shared: all I/O is positional.
 */
final class Segment {
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");
    private static final int READ_BUFFER = 64 * 1024;

    private final Path path;
    private final long baseSequence;
    private final FileChannel channel;
    private final SparseIndex index = new SparseIndex();
    private volatile long lastSequence;
    private volatile long readableBytes;
    private volatile long lastWrittenAtMillis;
    private volatile long fileBytes;
    private volatile ReadHint hint = new ReadHint(-1, 0);

    /** Where the last read of this segment stopped, so a sequential reader continues without seeking. */
    private record ReadHint(long nextSequence, long offset) {
    }

    private Segment(Path path, long baseSequence, FileChannel channel, long fileBytes) {
        this.path = path;
        this.baseSequence = baseSequence;
        this.channel = channel;
        this.lastSequence = baseSequence - 1;
        this.fileBytes = fileBytes;
    }

    static Segment open(Path path, long baseSequence) throws IOException {
        FileChannel channel = PrivateFiles.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(path, baseSequence, channel, channel.size());
    }

    /**
     * The same (empty) segment on a fresh channel, the file cut to zero; the old channel is closed.
     * Used by the writer to recover from a failed write before anything in the segment was durable.
     */
    static Segment reopen(Segment empty) throws IOException {
        if (!empty.isEmpty()) {
            throw new IllegalStateException("segment " + empty.path.getFileName() + " holds entries");
        }
        Segment fresh = open(empty.path, empty.baseSequence);
        try {
            fresh.channel.truncate(0);
            fresh.fileBytes = 0;
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        empty.close();
        return fresh;
    }

    static Path pathFor(Path dir, long baseSequence) {
        return dir.resolve(String.format("%020d.seg", baseSequence));
    }

    /** Base sequence encoded in a file name, or -1 when the name is not a segment's. */
    static long baseSequenceOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Notes a frame written (not yet durable) at {@code offset}. */
    void indexFrame(long sequence, long offset) {
        index.offer(sequence, offset);
    }

    /** Makes frames up to {@code sequence}, ending at {@code endOffset}, visible to readers. */
    void publish(long sequence, long endOffset, long writtenAtMillis) {
        lastWrittenAtMillis = writtenAtMillis;
        readableBytes = endOffset;
        lastSequence = sequence;
        fileBytes = Math.max(fileBytes, endOffset);
    }

    /** Accounts bytes beyond the readable range (a corrupt region kept for inspection). */
    void setFileBytes(long bytes) {
        fileBytes = bytes;
    }

    /**
     * Adds entries with sequence in [{@code from}, {@code upTo}] to {@code out}, at most {@code max}.
     * Returns the last sequence added, or {@code from - 1}.
     */
    long read(long from, long upTo, int max, List<JournalEntry> out) throws IOException {
        ReadHint h = hint;
        long start = h.nextSequence() == from ? h.offset() : index.floorOffset(from);
        long limit = readableBytes;
        FrameScanner scanner = new FrameScanner(channel, start, limit, (int) Math.min(READ_BUFFER, limit - start));
        long last = from - 1;
        long resume = start;
        int added = 0;
        while (added < max) {
            FrameScanner.Status status = scanner.next();
            if (status == FrameScanner.Status.END) {
                break;
            }
            if (status != FrameScanner.Status.FRAME) {
                throw new IOException("journal segment " + path.getFileName() + " unreadable at offset " + resume
                        + " (" + status + ") inside its durable range");
            }
            long seq = scanner.sequence();
            if (seq > upTo) {
                break;
            }
            if (seq >= from) {
                out.add(new JournalEntry(seq, scanner.payload()));
                last = seq;
                added++;
            }
            resume = scanner.frameStart();
        }
        hint = new ReadHint(last + 1, resume);
        return last;
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    long baseSequence() {
        return baseSequence;
    }

    long lastSequence() {
        return lastSequence;
    }

    boolean isEmpty() {
        return lastSequence < baseSequence;
    }

    long readableBytes() {
        return readableBytes;
    }

    long fileBytes() {
        return fileBytes;
    }

    long lastWrittenAtMillis() {
        return lastWrittenAtMillis;
    }

    void close() throws IOException {
        channel.close();
    }
}
