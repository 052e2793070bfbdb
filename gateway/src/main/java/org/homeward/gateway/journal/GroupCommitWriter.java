package org.homeward.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread: takes everything queued (up to {@link #MAX_BATCH}), frames it into one
 * buffer, writes it with one positional write per segment touched, fsyncs, publishes it to readers,
 * then completes the futures on this thread. A failed write or fsync poisons the journal: after a
 * failed fsync the page cache state is unknown, so every later append fails with IO until a
 * restart re-validates the files.
 */
final class GroupCommitWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    static final int MAX_BATCH = 8192;
    private static final int BUFFER_BYTES = 1024 * 1024;

    private final JournalSettings settings;
    private final Clock clock;
    private final JournalMetrics metrics;
    private final WriterHook hook;
    private final BlockingQueue<Pending> queue;
    private final AtomicInteger queued;
    private final AtomicLong pendingBytes;
    private final SegmentSet segments;
    private final List<Pending> batch = new ArrayList<>();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private Segment active;
    private long writeOffset;
    private long publishedOffset;
    private long nextSequence;
    private volatile Throwable failure;

    GroupCommitWriter(JournalSettings settings, Clock clock, JournalMetrics metrics, WriterHook hook,
                      BlockingQueue<Pending> queue, AtomicInteger queued, AtomicLong pendingBytes, SegmentSet segments) {
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.hook = hook;
        this.queue = queue;
        this.queued = queued;
        this.pendingBytes = pendingBytes;
        this.segments = segments;
        this.active = segments.last();
        this.writeOffset = active.readableBytes();
        this.publishedOffset = writeOffset;
        this.nextSequence = segments.durableSequence() + 1;
    }

    boolean failed() {
        return failure != null;
    }

    @Override
    public void run() {
        boolean stopping = false;
        while (true) {
            Pending first = stopping ? queue.poll() : take();
            if (first == null) {
                return;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping |= batch.remove(Pending.STOP);
            queued.addAndGet(-batch.size());
            if (!batch.isEmpty()) {
                commit();
            }
            batch.clear();
        }
    }

    private Pending take() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                LOG.warn("journal writer interrupted; ignored, close() stops it");
            }
        }
    }

    private void commit() {
        long frameBytes = 0;
        for (Pending p : batch) {
            frameBytes += p.frameBytes();
        }
        try {
            hook.beforeCommit(batch.size());
            if (failure != null) {
                throw new IOException("journal writer failed earlier; restart to recover", failure);
            }
            writeBatch(clock.millis());
        } catch (Exception | Error e) {
            // even an Error must not kill this thread silently: queued futures would never complete
            fail(e);
            return;
        } finally {
            pendingBytes.addAndGet(-frameBytes);
        }
        long now = System.nanoTime();
        metrics.batch(batch.size());
        for (Pending p : batch) {
            metrics.appended(now - p.enqueuedNanos);
            p.future.complete(p.sequence);
        }
    }

    private void writeBatch(long now) throws IOException {
        buffer.clear();
        for (Pending p : batch) {
            int frame = p.frameBytes();
            long end = writeOffset + buffer.position();
            if (end > 0 && end + frame > settings.segmentBytes()) {
                flush();
                sync(now);
                roll();
            }
            if (buffer.remaining() < frame) {
                flush();
                if (buffer.capacity() < frame) {
                    buffer = ByteBuffer.allocateDirect(frame);
                }
            }
            active.indexFrame(nextSequence, writeOffset + buffer.position());
            FrameCodec.encode(buffer, nextSequence, now, p.payload);
            p.sequence = nextSequence++;
        }
        flush();
        sync(now);
        if (buffer.capacity() > BUFFER_BYTES) {
            buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        FileChannel channel = active.channel();
        while (buffer.hasRemaining()) {
            writeOffset += channel.write(buffer, writeOffset);
        }
        buffer.clear();
    }

    private void sync(long now) throws IOException {
        if (writeOffset == publishedOffset) {
            return;
        }
        if (settings.fsync()) {
            active.channel().force(false);
        }
        active.publish(nextSequence - 1, writeOffset, now);
        segments.published(nextSequence - 1, writeOffset - publishedOffset);
        publishedOffset = writeOffset;
    }

    private void roll() throws IOException {
        Segment next = Segment.open(Segment.pathFor(settings.dir(), nextSequence), nextSequence);
        if (settings.fsync()) {
            syncDirectory(settings.dir());
        }
        segments.add(next);
        active = next;
        writeOffset = 0;
        publishedOffset = 0;
    }

    /** Makes a new segment's directory entry durable (Linux supports fsync on a directory). */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
            LOG.error("journal write failed; failing this and every later append until restart", e);
        }
        JournalException failed = new JournalException(JournalException.Kind.IO, "journal write failed: " + e, e);
        for (Pending p : batch) {
            metrics.refused(JournalException.Kind.IO);
            p.future.completeExceptionally(failed);
        }
    }
}
