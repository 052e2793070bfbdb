package org.homeward.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread: takes everything queued (up to {@link #MAX_BATCH}), frames it into one
 * buffer, writes it with one positional write per segment touched, fsyncs, publishes it to readers,
 * then completes the futures on this thread. A failed write, fsync or segment roll is retried once
 * at once on a fresh segment; if that fails too the batch fails with IO and the writer is
 * <em>faulted</em>: appends are refused at once (callers keep their data and retry) while the
 * writer retries every second, and it accepts appends again by itself once it can write, e.g. when
 * file descriptors or disk space are back. Entries are only completed once published (fsync'd), and
 * unpublished bytes are cut before writing resumes, so no entry is acknowledged that is not durable
 * and no sequence is used twice.
 */
final class GroupCommitWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    static final int MAX_BATCH = 8192;
    private static final int BUFFER_BYTES = 1024 * 1024;
    /** A failed writer tries to write again this often (and before each batch that arrives). */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

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
    private volatile Fault fault;
    private long nextAttemptNanos;

    /** Why the writer cannot write, and since when; null while it can. */
    record Fault(Throwable cause, Instant since) {
    }

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

    /** The current fault, or null while the writer can write. Any thread. */
    Fault fault() {
        return fault;
    }

    @Override
    public void run() {
        boolean stopping = false;
        while (true) {
            Pending first = stopping ? queue.poll() : take();
            if (first == null) {
                if (stopping) {
                    return;
                }
                recover();
                continue;
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

    /** The next queued append; null when a failed writer should try to recover first. */
    private Pending take() {
        while (true) {
            try {
                if (fault != null) {
                    long wait = nextAttemptNanos - System.nanoTime();
                    return wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
                }
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
            if (fault != null && !recover()) {
                throw new IOException("journal unavailable since " + fault.since() + ": " + fault.cause(),
                        fault.cause());
            }
            try {
                writeBatch(clock.millis());
            } catch (Exception | Error e) {
                // one immediate retry of what is not durable yet, on a fresh segment (a full fd table or a
                // transient error often clears at once); a second failure fails the batch and waits
                failed(e);
                completeDurable();
                if (!recover()) {
                    throw e;
                }
                writeBatch(clock.millis());
            }
        } catch (Exception | Error e) {
            // even an Error must not kill this thread silently: queued futures would never complete
            failed(e);
            completeDurable();
            failRest(e);
            return;
        } finally {
            pendingBytes.addAndGet(-frameBytes);
        }
        metrics.batch(batch.size());
        completeDurable();
    }

    /** Completes (and removes from the batch) every entry that is published, i.e. fsync'd. */
    private void completeDurable() {
        long durable = segments.durableSequence();
        long now = System.nanoTime();
        Iterator<Pending> it = batch.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (p.sequence > 0 && p.sequence <= durable) {
                metrics.appended(now - p.enqueuedNanos);
                p.future.complete(p.sequence);
                it.remove();
            } else {
                p.sequence = 0;
            }
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
        try {
            if (settings.fsync()) {
                syncDirectory(settings.dir());
            }
        } catch (IOException | RuntimeException e) {
            next.close();
            Files.deleteIfExists(next.path());
            throw e;
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

    /**
     * Puts the writer back on a clean footing after a failure: what was written but not published is
     * cut off the active segment (a failed fsync leaves the page cache in an unknown state, so those
     * bytes are never trusted), and writing continues on a fresh segment starting after the last
     * durable entry (or the same, empty, segment reopened). Returns false, and keeps the fault, when
     * that fails too; the writer tries again after {@link #RETRY_NANOS}.
     */
    private boolean recover() {
        nextAttemptNanos = System.nanoTime() + RETRY_NANOS;
        buffer.clear();
        nextSequence = segments.durableSequence() + 1;
        writeOffset = publishedOffset;
        try {
            FileChannel channel = active.channel();
            if (channel.isOpen() && channel.size() > publishedOffset) {
                channel.truncate(publishedOffset);
            }
            if (active.isEmpty()) {
                Segment fresh = Segment.reopen(active);
                segments.replace(active, fresh);
                active = fresh;
                writeOffset = 0;
                publishedOffset = 0;
            } else {
                roll();
            }
        } catch (Exception | Error e) {
            LOG.warn("journal still unavailable (retrying every {} ms): {}", RETRY_NANOS / 1_000_000, e.toString());
            return false;
        }
        Fault f = fault;
        fault = null;
        metrics.recovered();
        LOG.warn("journal writable again after a failure since {}: appends are accepted", f.since());
        return true;
    }

    private void failed(Throwable e) {
        if (fault == null) {
            fault = new Fault(e, Instant.ofEpochMilli(clock.millis()));
            metrics.failed();
            LOG.error("journal write failed; appends are refused until it can write again (retried every {} ms)",
                    RETRY_NANOS / 1_000_000, e);
        }
    }

    private void failRest(Throwable e) {
        JournalException failed = new JournalException(JournalException.Kind.IO, "journal write failed: " + e, e);
        for (Pending p : batch) {
            metrics.refused(JournalException.Kind.IO);
            p.future.completeExceptionally(failed);
        }
    }
}
