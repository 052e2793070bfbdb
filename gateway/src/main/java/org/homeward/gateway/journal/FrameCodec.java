package org.homeward.gateway.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one journal entry, big-endian:
 *
 * <pre>
 *   0  int   payload length n (0 .. {@link #MAX_PAYLOAD})
 *   4  int   CRC32C over bytes [0,4) and [8, 24+n): length, sequence, time and payload
 *   8  long  sequence
 *  16  long  written-at, epoch millis of the injected clock (used by retention)
 *  24  n     payload
 * </pre>
 *
 * A zero-filled or half-written region never passes the CRC, so recovery can tell where the valid
 * data ends. Stateless; thread-safe.
 */
final class FrameCodec {
    static final int HEADER_BYTES = 24;
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;
    private static final int CRC_OFFSET = 4;
    private static final int SEQUENCE_OFFSET = 8;

    private FrameCodec() {
    }

    static int frameBytes(int payloadLength) {
        return HEADER_BYTES + payloadLength;
    }

    /** Writes one frame at the buffer's position and advances it; the buffer must have room. */
    static void encode(ByteBuffer out, long sequence, long writtenAtMillis, byte[] payload) {
        int start = out.position();
        out.putInt(payload.length).putInt(0).putLong(sequence).putLong(writtenAtMillis).put(payload);
        out.putInt(start + CRC_OFFSET, crc(out, start, payload.length));
    }

    /** Payload length stored in the frame starting at {@code start}; may be garbage, check with {@link #validLength}. */
    static int length(ByteBuffer in, int start) {
        return in.getInt(start);
    }

    static boolean validLength(int length) {
        return length >= 0 && length <= MAX_PAYLOAD;
    }

    /** True when the complete frame starting at {@code start} carries a matching checksum. */
    static boolean crcMatches(ByteBuffer in, int start, int length) {
        return in.getInt(start + CRC_OFFSET) == crc(in, start, length);
    }

    static long sequence(ByteBuffer in, int start) {
        return in.getLong(start + SEQUENCE_OFFSET);
    }

    static long writtenAtMillis(ByteBuffer in, int start) {
        return in.getLong(start + 16);
    }

    static byte[] payload(ByteBuffer in, int start, int length) {
        byte[] payload = new byte[length];
        in.get(start + HEADER_BYTES, payload);
        return payload;
    }

    private static int crc(ByteBuffer buf, int start, int length) {
        CRC32C crc = new CRC32C();
        ByteBuffer view = buf.duplicate();
        view.limit(start + CRC_OFFSET).position(start);
        crc.update(view);
        view.limit(start + HEADER_BYTES + length).position(start + SEQUENCE_OFFSET);
        crc.update(view);
        return (int) crc.getValue();
    }
}
