package org.homeward.gateway.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Positional reads of newline-terminated lines from a file channel, without disturbing its
 * position and never past a given size (a line being appended meanwhile is not seen). Blocking.
 */
final class LineIO {
    private static final int CHUNK = 1024;

    private LineIO() {
    }

    /** One line: {@code [start, end)} in bytes including its newline; {@code text} without it. */
    record Line(long start, long end, String text) {
    }

    /** The line that starts at {@code start}, or null at or beyond {@code size}. */
    static Line lineFrom(FileChannel ch, long size, long start) throws IOException {
        if (start >= size) {
            return null;
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream(256);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = start;
        while (pos < size) {
            buf.clear().limit((int) Math.min(CHUNK, size - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    text.write(buf.array(), 0, i);
                    return new Line(start, pos + i + 1, text.toString(StandardCharsets.UTF_8));
                }
            }
            text.write(buf.array(), 0, n);
            pos += n;
        }
        return new Line(start, size, text.toString(StandardCharsets.UTF_8));
    }

    /** The first line that starts at or after {@code off} (lines start at 0 and after each newline), or null. */
    static Line lineAtOrAfter(FileChannel ch, long size, long off) throws IOException {
        if (off <= 0) {
            return lineFrom(ch, size, 0);
        }
        Line before = lineFrom(ch, size, off - 1);
        return before == null ? null : lineFrom(ch, size, before.end());
    }

    /** The start of the line that ends just before {@code lineStart} (0 if there is none before it). */
    static long previousLineStart(FileChannel ch, long lineStart) throws IOException {
        long pos = lineStart - 1;                    // exclusive upper bound of the search: skip its newline
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        while (pos > 0) {
            long from = Math.max(0, pos - CHUNK);
            buf.clear().limit((int) (pos - from));
            int n = ch.read(buf, from);
            if (n <= 0) {
                return 0;
            }
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            pos = from;
        }
        return 0;
    }

    /** A stream over {@code [from, to)} of the channel (for reading a whole file once). */
    static InputStream stream(FileChannel ch, long from, long to) {
        return new InputStream() {
            private long pos = from;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= to) {
                    return -1;
                }
                int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, to - pos)), pos);
                if (n > 0) {
                    pos += n;
                }
                return n;
            }
        };
    }
}
