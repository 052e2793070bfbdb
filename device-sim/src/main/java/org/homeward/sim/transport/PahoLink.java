package org.homeward.sim.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Paho MQTT 3.1.1 and MQTT 5 links share: connect retries with back-off, the up/down
 * accounting in {@link SimStats}, the offline buffer with send/pump/backfill, and close. Subclasses
 * only talk to their Paho client. Thread-safe: Paho callback threads call {@link #linkUp()},
 * {@link #linkDown()}, {@link #acked} and {@link #failed}; the run's scheduler calls send and pump.
 */
abstract class PahoLink implements DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(PahoLink.class);

    final LinkSettings s;
    final OfflineBuffer buffer;
    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    PahoLink(LinkSettings s) {
        this.s = s;
        this.buffer = new OfflineBuffer(s.bufferCapacity(), s.stats());
    }

    /** Starts one asynchronous connect attempt; on failure the client's listener calls {@link #connectFailed}. */
    abstract void connectOnce(int attempt) throws Exception;

    /** Subscribes to the device's commands topic (after every connect). */
    abstract void subscribeCommands() throws Exception;

    /**
     * Hands one QoS 1 publish to the client; the client's listener calls {@link #acked} or
     * {@link #failed}. False (nothing counted) when the client refuses it now, e.g. in-flight window full.
     */
    abstract boolean publishOnce(Outgoing o, long sentNanos);

    /** Disconnects if connected, waiting a few seconds at most. */
    abstract void disconnect() throws Exception;

    /** Releases the client for good. */
    abstract void closeClient() throws Exception;

    @Override
    public final void start() {
        connect(1);
    }

    private void connect(int attempt) {
        if (closed.get()) {
            return;
        }
        try {
            connectOnce(attempt);
        } catch (Exception e) {
            retryLater(attempt);
        }
    }

    final void connectFailed(int attempt, Throwable e) {
        s.stats().errors.increment();
        LOG.debug("MQTT connect failed (attempt {}): {}", attempt, e.toString());
        retryLater(attempt);
    }

    private void retryLater(int attempt) {
        if (!closed.get()) {
            long delay = Math.min(10_000, 250L << Math.min(attempt, 6));
            s.scheduler().schedule(() -> connect(attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The client is connected: count it, subscribe, and backfill what was held. */
    final void linkUp() {
        if (up.compareAndSet(false, true)) {
            s.stats().connected.incrementAndGet();
        }
        try {
            subscribeCommands();
        } catch (Exception e) {
            s.stats().errors.increment();
        }
        s.scheduler().execute(this::pump);
    }

    final void linkDown() {
        if (up.compareAndSet(true, false)) {
            s.stats().connected.decrementAndGet();
        }
    }

    final void acked(long sentNanos) {
        s.stats().acked.increment();
        s.stats().ackLatency(sentNanos);
    }

    /** A publish failed in flight: count it and hold the pack for a later backfill. */
    final void failed(Outgoing o) {
        s.stats().errors.increment();
        buffer.requeue(o);
    }

    @Override
    public final boolean send(Outgoing pack) {
        if (up.get() && buffer.isEmpty() && publish(pack, false)) {
            return true;
        }
        return buffer.offer(pack);
    }

    @Override
    public final void pump() {
        Outgoing o;
        while (up.get() && (o = buffer.poll()) != null) {
            if (!publish(o, true)) {
                buffer.requeue(o);
                return;
            }
        }
    }

    private boolean publish(Outgoing o, boolean backfill) {
        if (!publishOnce(o, System.nanoTime())) {
            return false;
        }
        s.stats().sent.increment();
        if (backfill) {
            s.stats().backfilled.increment();
        }
        return true;
    }

    @Override
    public final boolean connected() {
        return up.get();
    }

    @Override
    public final void close() {
        closed.set(true);
        try {
            disconnect();
        } catch (Exception e) {
            LOG.debug("disconnect: {}", e.toString());
        }
        try {
            closeClient();
        } catch (Exception e) {
            LOG.debug("close: {}", e.toString());
        }
        linkDown();
    }
}
