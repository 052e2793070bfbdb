package org.homeward.sim.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One direction of one proxied TCP connection: chunks read from {@code source} are written to
 * {@code destination} after the profile's one-way delay, never overtaking each other (as a TCP byte
 * stream cannot), after the bandwidth cap's serialisation time, and held until an outage ends (stall
 * mode). More than {@link #HIGH_WATER} bytes in flight pause reading from the source (backpressure)
 * until it drains below {@link #LOW_WATER}. Confined to the connection's event loop.
 */
final class DelayLine {
    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;
    private static final byte[] CLOSE = new byte[0];

    private record Chunk(long releaseAt, byte[] data) {
    }

    private final Channel source;
    private final Channel destination;
    private final LinkConditions link;
    private final LinkRandom random;
    private final LongAdder bytesCounter;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private long lastRelease;
    private long lastTxEnd;
    private long pending;
    private boolean drainScheduled;
    private boolean closing;

    DelayLine(Channel source, Channel destination, LinkConditions link, LinkRandom random, LongAdder bytesCounter) {
        this.source = source;
        this.destination = destination;
        this.link = link;
        this.random = random;
        this.bytesCounter = bytesCounter;
    }

    /** Bytes read from the source. */
    void offer(byte[] data) {
        if (closing) {
            return;
        }
        long now = link.now();
        long bw = link.profile().bandwidthBitsPerSecond();
        long txEnd = now;
        if (bw > 0) {
            txEnd = Math.max(now, lastTxEnd) + data.length * 8L * 1_000_000_000L / bw;
            lastTxEnd = txEnd;
        }
        enqueue(txEnd + random.delayNanos(), data);
        pending += data.length;
        if (pending > HIGH_WATER && source.config().isAutoRead()) {
            source.config().setAutoRead(false);
        }
    }

    /** The source closed: close the destination once everything before it was delivered. */
    void offerClose() {
        if (!closing) {
            enqueue(link.now(), CLOSE);
            closing = true;
        }
    }

    private void enqueue(long releaseAt, byte[] data) {
        long at = Math.max(releaseAt, lastRelease);
        long outageEnd = link.outages().outageEndAt(at);
        if (outageEnd >= 0) {
            at = outageEnd; // stall: the radio holds the segment until the link is back
        }
        lastRelease = at;
        queue.add(new Chunk(at, data));
        scheduleDrain();
    }

    /** The destination became writable again. */
    void resume() {
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled || queue.isEmpty()) {
            return;
        }
        drainScheduled = true;
        long wait = Math.max(0, queue.peek().releaseAt() - link.now());
        source.eventLoop().schedule(this::drain, wait, TimeUnit.NANOSECONDS);
    }

    private void drain() {
        drainScheduled = false;
        if (!destination.isActive()) {
            // The other side is gone: nothing held can be delivered any more.
            queue.clear();
            pending = 0;
            source.close();
            return;
        }
        long now = link.now();
        boolean wrote = false;
        while (!queue.isEmpty() && queue.peek().releaseAt() <= now && destination.isWritable()) {
            Chunk c = queue.poll();
            if (c.data() == CLOSE) {
                destination.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                queue.clear();
                return;
            }
            destination.write(Unpooled.wrappedBuffer(c.data()));
            pending -= c.data().length;
            bytesCounter.add(c.data().length);
            wrote = true;
        }
        if (wrote) {
            destination.flush();
        }
        if (pending < LOW_WATER && !source.config().isAutoRead() && source.isActive() && !closing) {
            source.config().setAutoRead(true);
        }
        if (destination.isWritable()) {
            scheduleDrain();
        }
    }
}
