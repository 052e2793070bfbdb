package org.homeward.gateway.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;

/**
 * The compact body of a {@link JournalRecords#READINGS} entry, format version 2, written for every
 * acknowledged pack and read back by every shard, so it is built for that path: one exactly sized
 * {@code byte[]}, no stream objects, no {@code writeUTF}/{@code readUTF}, and each distinct string of
 * the entry (device, patient, unit) written and decoded once instead of once per reading.
 * Measured with {@code JournalRecordsBenchmark} (docs/benchmarks.md): an oximeter pack of 4 readings
 * is 123 bytes instead of 220; encoding it allocates 272 B instead of 816 and takes a fifth of the time,
 * decoding it 784 B instead of 1,736 (one String per distinct string instead of three per reading).
 *
 * <pre>
 * count:varint, then per reading:
 *   deviceId:str  patientId:str  vital:u8  value:f64  measuredAt:i64  receivedAt-measuredAt:zigzag varint
 *   flags:u8 (quality ordinal | 0x80 when late)  rawUnit:str
 * str = varint k: k &gt; 0 repeats the entry's k-th string (1-based, in order of first appearance);
 *       k = 0 is a new string: varint byte length, then UTF-8 bytes
 * </pre>
 *
 * <p>Version 1 ({@code DataOutputStream}, three {@code writeUTF} per reading) is still decoded by
 * {@link JournalRecords#decode}, so journals written before this format replay. Stateless, thread-safe.
 */
final class ReadingsCodec {
    static final byte VERSION = 2;
    private static final int LATE = 0x80;
    /** Strings kept for back-references per entry; a pack of many devices writes the rest in full. */
    private static final int MAX_REFS = 16;

    private ReadingsCodec() {
    }

    static byte[] encode(byte type, List<Reading> readings) {
        Refs refs = new Refs();
        int size = 2 + varintSize(readings.size());
        for (Reading r : readings) { // first pass: the exact size, so the array is allocated once
            size += 1 + 8 + 8 + 1 + varintSize(zigzag(r.receivedAtMillis() - r.measuredAtMillis()))
                    + refs.size(r.deviceId()) + refs.size(r.patientId()) + refs.size(r.rawUnit());
        }
        refs.clear();
        Out out = new Out(new byte[size], refs);
        out.b(type).b(VERSION).varint(readings.size());
        for (Reading r : readings) {
            out.str(r.deviceId()).str(r.patientId()).b(r.vital().ordinal())
                    .i64(Double.doubleToRawLongBits(r.value())).i64(r.measuredAtMillis())
                    .varint(zigzag(r.receivedAtMillis() - r.measuredAtMillis()))
                    .b(r.quality().ordinal() | (r.late() ? LATE : 0)).str(r.rawUnit());
        }
        if (out.pos != size) {
            throw new IllegalStateException("readings record sized " + size + " but wrote " + out.pos);
        }
        return out.buf;
    }

    /** Decodes the body after the type and version bytes; throws {@link IllegalArgumentException} when corrupt. */
    static List<Reading> decode(byte[] entry) {
        In in = new In(entry, 2);
        int n = in.count();
        List<Reading> list = new ArrayList<>(n);
        Refs refs = new Refs();
        Vital[] vitals = Vital.values();
        Quality[] qualities = Quality.values();
        for (int i = 0; i < n; i++) {
            String device = in.str(refs);
            String patient = in.str(refs);
            Vital vital = vitals[in.u8()];
            double value = Double.longBitsToDouble(in.i64());
            long measured = in.i64();
            long received = measured + unzigzag(in.varlong());
            int flags = in.u8();
            String unit = in.str(refs);
            list.add(new Reading(device, patient, vital, value, measured, received, qualities[flags & ~LATE],
                    unit, (flags & LATE) != 0));
        }
        if (in.pos != entry.length) {
            throw new IllegalArgumentException((entry.length - in.pos) + " bytes after the last reading");
        }
        return list;
    }

    /** The strings written so far in one entry, for back-references (first {@value #MAX_REFS} only). */
    private static final class Refs {
        final String[] strings = new String[MAX_REFS];
        int count;

        int indexOf(String s) {
            for (int i = 0; i < count; i++) {
                if (strings[i] == s || strings[i].equals(s)) {
                    return i;
                }
            }
            return -1;
        }

        void add(String s) {
            if (count < MAX_REFS) {
                strings[count++] = s;
            }
        }

        String get(long k) {
            if (k < 1 || k > count) {
                throw new IllegalArgumentException("string reference " + k + " to a string not yet written");
            }
            return strings[(int) k - 1];
        }

        /** Encoded size of {@code s} here, remembering it as {@link Out#str} will. */
        int size(String s) {
            int ref = indexOf(s);
            if (ref >= 0) {
                return varintSize(ref + 1);
            }
            add(s);
            int bytes = isAscii(s) ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
            return 1 + varintSize(bytes) + bytes;
        }

        void clear() {
            count = 0;
        }
    }

    /** ASCII (every pseudonym and unit in practice) is written char by char, without an encoded copy. */
    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static final class Out {
        final byte[] buf;
        final Refs refs;
        int pos;

        Out(byte[] buf, Refs refs) {
            this.buf = buf;
            this.refs = refs;
        }

        Out b(int v) {
            buf[pos++] = (byte) v;
            return this;
        }

        Out i64(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
            return this;
        }

        Out varint(long v) {
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
            return this;
        }

        /** Writes {@code s}, as a back-reference when this entry already holds it. */
        Out str(String s) {
            int ref = refs.indexOf(s);
            if (ref >= 0) {
                return varint(ref + 1);
            }
            varint(0);
            if (isAscii(s)) {
                varint(s.length());
                for (int i = 0; i < s.length(); i++) {
                    buf[pos++] = (byte) s.charAt(i);
                }
            } else {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                varint(utf8.length);
                System.arraycopy(utf8, 0, buf, pos, utf8.length);
                pos += utf8.length;
            }
            refs.add(s);
            return this;
        }
    }

    private static final class In {
        final byte[] buf;
        int pos;

        In(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        long varlong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint longer than 64 bits at byte " + pos);
        }

        /** A count or length: non-negative and no larger than the bytes left (each item takes at least one). */
        int count() {
            long v = varlong();
            if (v < 0 || v > buf.length - pos) {
                throw new IllegalArgumentException("length " + v + " exceeds the " + (buf.length - pos)
                        + " bytes left at byte " + pos);
            }
            return (int) v;
        }

        String str(Refs refs) {
            long k = varlong();
            if (k > 0) {
                return refs.get(k);
            }
            int len = count();
            String s = new String(buf, pos, len, StandardCharsets.UTF_8);
            pos += len;
            refs.add(s);
            return s;
        }

        private void need(int n) {
            if (buf.length - pos < n) {
                throw new IllegalArgumentException("truncated at byte " + pos + " (" + n + " more needed)");
            }
        }
    }
}
