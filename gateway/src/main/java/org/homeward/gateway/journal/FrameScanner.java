package org.homeward.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the frames of one segment file between two offsets with positional reads through a
 * buffer, so several scanners may share a channel. Not thread-safe; one per read or recovery.
 */
final class FrameScanner {
    /** Result of {@link #next()}. */
    enum Status {
        /** A complete frame with a valid checksum; see the accessors. */
        FRAME,
        /** The limit was reached exactly on a frame boundary. */
        END,
        /** The bytes before the limit end in the middle of a frame. */
        TORN,
        /** A frame with an impossible length or a wrong checksum. */
        CORRUPT
    }

    private final FileChannel channel;
    private final long limit;
    private ByteBuffer buffer;
    private long bufferFileOffset;
    private long frameStart;
    private long sequence;
    private long writtenAtMillis;
    private byte[] payload;

    FrameScanner(FileChannel channel, long start, long limit, int bufferBytes) {
        this.channel = channel;
        this.limit = limit;
        this.buffer = ByteBuffer.allocate(Math.max(FrameCodec.HEADER_BYTES, bufferBytes)).limit(0);
        this.bufferFileOffset = start;
        this.frameStart = start;
    }

    /** Examines the frame at {@link #frameStart()}; on {@code FRAME} the position moves past it. */
    Status next() throws IOException {
        int available = fill(FrameCodec.HEADER_BYTES);
        if (available == 0) {
            return Status.END;
        }
        if (available < FrameCodec.HEADER_BYTES) {
            return Status.TORN;
        }
        int at = buffer.position();
        int length = FrameCodec.length(buffer, at);
        if (!FrameCodec.validLength(length)) {
            return Status.CORRUPT;
        }
        int frameBytes = FrameCodec.frameBytes(length);
        if (fill(frameBytes) < frameBytes) {
            return Status.TORN;
        }
        at = buffer.position();
        if (!FrameCodec.crcMatches(buffer, at, length)) {
            return Status.CORRUPT;
        }
        sequence = FrameCodec.sequence(buffer, at);
        writtenAtMillis = FrameCodec.writtenAtMillis(buffer, at);
        payload = FrameCodec.payload(buffer, at, length);
        buffer.position(at + frameBytes);
        frameStart += frameBytes;
        return Status.FRAME;
    }

    /** File offset of the frame {@link #next()} will examine (after a FRAME: of the one after it). */
    long frameStart() {
        return frameStart;
    }

    long sequence() {
        return sequence;
    }

    long writtenAtMillis() {
        return writtenAtMillis;
    }

    byte[] payload() {
        return payload;
    }

    /** Makes up to {@code wanted} bytes of the current frame available; returns how many are. */
    private int fill(int wanted) throws IOException {
        if (buffer.remaining() >= wanted) {
            return wanted;
        }
        bufferFileOffset += buffer.position();
        if (buffer.capacity() < wanted) {
            ByteBuffer bigger = ByteBuffer.allocate(wanted);
            bigger.put(buffer);
            buffer = bigger;
        } else {
            buffer.compact();
        }
        long readAt = bufferFileOffset + buffer.position();
        while (buffer.hasRemaining() && readAt < limit) {
            int room = (int) Math.min(buffer.remaining(), limit - readAt);
            ByteBuffer window = buffer.duplicate().limit(buffer.position() + room);
            int n = channel.read(window, readAt);
            if (n < 0) {
                break;
            }
            buffer.position(buffer.position() + n);
            readAt += n;
        }
        buffer.flip();
        return Math.min(buffer.remaining(), wanted);
    }
}
