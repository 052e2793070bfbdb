package org.homeward.gateway.journal;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.homeward.gateway.files.PrivateFiles;

/**
 * {@link Journal} on append-only segment files in one directory, with group commit: one writer
 * thread drains a bounded queue, writes the batch, fsyncs it and completes the futures. Format and
 * recovery rules: {@link FrameCodec}, {@link SegmentRecovery} and {@code docs/journal.md}.
 *
 * <p>Futures complete on the writer thread: callbacks must be short and must not block (hop to
 * your own thread or event loop). Besides {@link JournalException}, {@link #append} fails with
 * {@link IllegalArgumentException} for an entry over 16 MiB. The directory is locked against a
 * second opener (in this or another process).
 */
public final class SegmentedJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentedJournal.class);
    private static final String LOCK_FILE = "journal.lock";

    private final JournalSettings settings;
    private final JournalMetrics metrics;
    private final SegmentSet segments;
    private final FileChannel lockChannel;
    private final ArrayBlockingQueue<Pending> queue;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final GroupCommitWriter writer;
    private final Thread writerThread;
    private volatile boolean closed;

    private SegmentedJournal(JournalSettings settings, Clock clock, JournalMetrics metrics, SegmentSet segments,
                             FileChannel lockChannel, WriterHook hook) {
        this.settings = settings;
        this.metrics = metrics;
        this.segments = segments;
        this.lockChannel = lockChannel;
        // one slot more than the capacity so close() can always queue its stop marker
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity() + 1);
        this.writer = new GroupCommitWriter(settings, clock, metrics, hook, queue, queued, pendingBytes, segments);
        this.writerThread = new Thread(writer, "journal-writer");
        writerThread.setDaemon(true);
        metrics.registerSize(this::sizeBytes);
    }

    /**
     * Opens (creating if needed) the journal in {@code settings.dir()}, recovers it (see
     * {@link SegmentRecovery}) and starts the writer thread. Blocks for the recovery scan.
     *
     * @throws IOException when the directory cannot be used, is locked by another journal, or
     *                     holds segments that overlap in sequence
     */
    public static SegmentedJournal open(JournalSettings settings, Clock clock, MeterRegistry registry)
            throws IOException {
        return open(settings, clock, registry, WriterHook.NONE);
    }

    static SegmentedJournal open(JournalSettings settings, Clock clock, MeterRegistry registry, WriterHook hook)
            throws IOException {
        Objects.requireNonNull(clock, "clock");
        PrivateFiles.createDirectories(settings.dir());
        FileChannel lockChannel = lock(settings);
        List<Segment> recovered = List.of();
        try {
            JournalMetrics metrics = new JournalMetrics(registry);
            recovered = new SegmentRecovery(settings.dir(), metrics).recover();
            if (recovered.isEmpty()) {
                recovered = List.of(Segment.open(Segment.pathFor(settings.dir(), 1), 1));
                GroupCommitWriter.syncDirectory(settings.dir());
            }
            SegmentedJournal journal = new SegmentedJournal(settings, clock, metrics, new SegmentSet(recovered),
                    lockChannel, hook);
            journal.writerThread.start();
            LOG.info("journal opened: {} segments, sequences {}..{}, {} bytes", recovered.size(),
                    journal.firstSequence(), journal.lastSequence(), journal.sizeBytes());
            return journal;
        } catch (IOException | RuntimeException e) {
            for (Segment s : recovered) {
                s.close();
            }
            lockChannel.close();
            throw e;
        }
    }

    private static FileChannel lock(JournalSettings settings) throws IOException {
        FileChannel channel = PrivateFiles.open(settings.dir().resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("journal directory " + settings.dir() + " is in use by another journal");
        }
        return channel;
    }

    @Override
    public CompletableFuture<Long> append(byte[] entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.length > FrameCodec.MAX_PAYLOAD) {
            metrics.tooLarge();
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "journal entry of " + entry.length + " bytes exceeds " + FrameCodec.MAX_PAYLOAD));
        }
        Optional<JournalException> refusal = refusal();
        if (refusal.isPresent()) {
            metrics.refused(refusal.get().kind());
            return CompletableFuture.failedFuture(refusal.get());
        }
        if (queued.incrementAndGet() > settings.queueCapacity()) {
            queued.decrementAndGet();
            return refuse(JournalException.Kind.OVERLOADED, "journal queue full");
        }
        Pending p = new Pending(entry, new CompletableFuture<>(), System.nanoTime());
        pendingBytes.addAndGet(p.frameBytes());
        queue.add(p);
        // close() may have stopped the writer after our check; if the writer never took p, fail it here
        if (closed && queue.remove(p)) {
            queued.decrementAndGet();
            pendingBytes.addAndGet(-p.frameBytes());
            return refuse(JournalException.Kind.CLOSED, "journal is closed");
        }
        return p.future;
    }

    @Override
    public Optional<JournalException> refusal() {
        if (closed) {
            return Optional.of(new JournalException(JournalException.Kind.CLOSED, "journal is closed"));
        }
        GroupCommitWriter.Fault fault = writer.fault();
        if (fault != null) {
            return Optional.of(new JournalException(JournalException.Kind.IO, "journal cannot write since "
                    + fault.since() + " (" + fault.cause() + "); retrying every second"));
        }
        if (settings.maxBytes() > 0 && segments.diskBytes() + pendingBytes.get() >= settings.maxBytes()) {
            return Optional.of(new JournalException(JournalException.Kind.FULL,
                    "journal disk limit of " + settings.maxBytes() + " bytes reached"));
        }
        return Optional.empty();
    }

    /** Since when the writer cannot write (it retries by itself), or empty while it can. Any thread. */
    public Optional<Instant> faultedSince() {
        GroupCommitWriter.Fault fault = writer.fault();
        return fault == null ? Optional.empty() : Optional.of(fault.since());
    }

    private CompletableFuture<Long> refuse(JournalException.Kind kind, String message) {
        metrics.refused(kind);
        return CompletableFuture.failedFuture(new JournalException(kind, message));
    }

    @Override
    public List<JournalEntry> read(long afterSequence, int max) throws IOException {
        return segments.read(afterSequence, max);
    }

    @Override
    public long lastSequence() {
        return segments.durableSequence();
    }

    @Override
    public long firstSequence() {
        return segments.firstSequence();
    }

    @Override
    public long deleteUpTo(long sequence, long olderThanMillis) throws IOException {
        return segments.deleteUpTo(sequence, olderThanMillis);
    }

    @Override
    public long sizeBytes() {
        return segments.diskBytes();
    }

    /** True when a disk limit is set and usage is above its warn fraction: raise a technical alarm. */
    public boolean nearFull() {
        return settings.maxBytes() > 0 && sizeBytes() > settings.warnFraction() * settings.maxBytes();
    }

    /**
     * Stops accepting appends, lets the writer complete everything already queued, then closes the
     * files. Blocks until done; idempotent. Must not be called from a future callback (writer thread).
     */
    @Override
    public void close() {
        if (Thread.currentThread() == writerThread) {
            throw new IllegalStateException("SegmentedJournal.close() called on its own writer thread");
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        queue.add(Pending.STOP);
        boolean interrupted = false;
        while (writerThread.isAlive()) {
            try {
                writerThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            segments.close();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("closing journal files failed", e);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("journal closed at sequence {}", lastSequence());
    }
}
