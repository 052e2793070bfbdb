package org.homeward.gateway.records;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.LearnedBaseline;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.domain.ThresholdValues;

/**
 * What the gateway writes into journal entries: a one-byte type, a format version, then a compact
 * binary body. Decoding is the inverse; an unknown type or version is an error, never a guess.
 * Readings (one entry per acknowledged pack) are written in version 2 ({@link ReadingsCodec}) and
 * read in versions 1 and 2; every other type is version 1.
 * Stateless and thread-safe.
 */
public final class JournalRecords {
    public static final byte READINGS = 1;
    public static final byte ALARM = 2;
    public static final byte MANUAL = 3;
    public static final byte DEVICE_EVENT = 4;
    /** A per-patient threshold change (who, when, why, the values after it). */
    public static final byte THRESHOLDS = 5;
    /**
     * A device's input that is not a reading but feeds its patient's device rules: a refused record
     * (SENSOR-FAULT) or a SenML update interval (gap rules). Written only in cluster mode, by a node
     * the device is connected to that does not own the patient, for the owner to apply live.
     */
    public static final byte DEVICE_INPUT = 6;
    /**
     * A patient's learned baseline of one vital once no sample can change it any more ({@link LearnedBaseline}).
     * Written only in cluster mode, by the owner, so that a take-over from a checkpoint restores it instead of
     * re-learning it from the tail; the single-process replay ignores it (it replays the whole journal).
     */
    public static final byte BASELINE = 7;
    private static final byte VERSION = 1;

    private JournalRecords() {
    }

    /** A decoded entry: exactly one of the fields is non-null, by {@code type}. */
    public record Decoded(byte type, List<Reading> readings, Alarm alarm, ManualEntry manual, DeviceEvent deviceEvent,
                          ThresholdChange thresholds, DeviceInput deviceInput, LearnedBaseline baseline) {
        public Decoded(byte type, List<Reading> readings, Alarm alarm, ManualEntry manual, DeviceEvent deviceEvent) {
            this(type, readings, alarm, manual, deviceEvent, null, null, null);
        }

        public Decoded(byte type, List<Reading> readings, Alarm alarm, ManualEntry manual, DeviceEvent deviceEvent,
                       ThresholdChange thresholds, DeviceInput deviceInput) {
            this(type, readings, alarm, manual, deviceEvent, thresholds, deviceInput, null);
        }
    }

    /**
     * A {@link #DEVICE_INPUT}: either a refused record ({@code reason} non-null: the refusal reason's
     * enum name, {@code index}, {@code name}, {@code detail} and {@code sample} as the ingest layer
     * gave them) or an update interval ({@code intervalMillis} &gt; 0, {@code reason} null).
     */
    public record DeviceInput(String deviceId, String patientId, long atMillis, long intervalMillis, int index,
                              String name, String reason, String detail, String sample) {
        public static DeviceInput interval(String deviceId, String patientId, long intervalMillis) {
            return new DeviceInput(deviceId, patientId, 0, intervalMillis, 0, null, null, null, null);
        }

        public boolean isRefusal() {
            return reason != null;
        }
    }

    /** A pack's readings in the compact format (version {@value ReadingsCodec#VERSION}, see {@link ReadingsCodec}). */
    public static byte[] readings(List<Reading> readings) {
        return ReadingsCodec.encode(READINGS, readings);
    }

    public static byte[] alarm(Alarm a) {
        return write(ALARM, out -> {
            out.writeUTF(a.id());
            out.writeUTF(a.patientId());
            out.writeUTF(a.rule());
            out.writeByte(a.kind().ordinal());
            out.writeByte(a.priority().ordinal());
            out.writeByte(a.state().ordinal());
            out.writeLong(a.onsetMillis());
            out.writeLong(a.changedAtMillis());
            writeNullable(out, a.user());
            writeNullable(out, a.note());
            writeNullable(out, a.evidence());
            out.writeInt(a.escalationLevel());
            writeNullable(out, a.deviceId());
            out.writeLong(a.lateMillis()); // added 2026-12: absent in older entries, read as 0
        });
    }

    public static byte[] manual(ManualEntry m) {
        return write(MANUAL, out -> {
            out.writeUTF(m.patientId());
            out.writeByte(m.kind().ordinal());
            out.writeDouble(m.value());
            out.writeUTF(m.text());
            out.writeUTF(m.user());
            out.writeLong(m.atMillis());
        });
    }

    public static byte[] deviceEvent(DeviceEvent e) {
        return write(DEVICE_EVENT, out -> {
            out.writeUTF(e.deviceId());
            out.writeUTF(e.patientId());
            out.writeByte(e.type().ordinal());
            out.writeLong(e.atMillis());
            out.writeUTF(e.detail());
        });
    }

    public static byte[] deviceInput(DeviceInput i) {
        return write(DEVICE_INPUT, out -> {
            out.writeUTF(i.deviceId());
            out.writeUTF(i.patientId());
            out.writeLong(i.atMillis());
            out.writeLong(i.intervalMillis());
            out.writeInt(i.index());
            writeNullable(out, i.name());
            writeNullable(out, i.reason());
            writeNullable(out, i.detail());
            writeNullable(out, i.sample());
        });
    }

    /** A threshold change as requested: {@code before} is not stored (replay recomputes it in order). */
    public static byte[] thresholds(ThresholdChange c) {
        return write(THRESHOLDS, out -> {
            out.writeUTF(c.patientId());
            out.writeUTF(c.user());
            out.writeLong(c.atMillis());
            out.writeUTF(c.reason());
            ThresholdValues v = c.after();
            out.writeDouble(v.feverC());
            out.writeInt(v.feverSamples());
            out.writeInt(v.feverMinutes());
            out.writeDouble(v.sbpLow());
            out.writeDouble(v.spo2Low());
            out.writeDouble(v.tachyHr());
            out.writeDouble(v.bradyHr());
            out.writeByte(v.news2Spo2Scale());
        });
    }

    public static byte[] baseline(LearnedBaseline b) {
        return write(BASELINE, out -> {
            out.writeUTF(b.patientId());
            out.writeByte(b.vital().ordinal());
            out.writeLong(b.firstAtMillis());
            out.writeInt(b.samples());
            out.writeDouble(b.mean());
            out.writeDouble(b.m2());
        });
    }

    /** Decodes an entry; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Decoded decode(byte[] entry) {
        if (entry.length < 2) {
            throw new IllegalArgumentException("journal entry too short: " + entry.length + " bytes");
        }
        if (entry[0] == READINGS && entry[1] == ReadingsCodec.VERSION) {
            try {
                return new Decoded(READINGS, ReadingsCodec.decode(entry), null, null, null);
            } catch (ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("corrupt journal record of type " + entry[0] + ": " + e, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("corrupt journal record of type " + entry[0] + ": "
                        + e.getMessage(), e);
            }
        }
        if (entry[1] != VERSION) {
            throw new IllegalArgumentException("unknown journal record version " + entry[1]);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry, 2, entry.length - 2))) {
            switch (entry[0]) {
                case READINGS: {
                    int n = in.readInt();
                    List<Reading> list = new ArrayList<>(Math.min(n, 4096));
                    for (int i = 0; i < n; i++) {
                        list.add(new Reading(in.readUTF(), in.readUTF(), Vital.values()[in.readByte()], in.readDouble(),
                                in.readLong(), in.readLong(), Quality.values()[in.readByte()], in.readUTF(),
                                in.readBoolean()));
                    }
                    return new Decoded(READINGS, list, null, null, null);
                }
                case ALARM:
                    return new Decoded(ALARM, null, new Alarm(in.readUTF(), in.readUTF(), in.readUTF(),
                            AlarmKind.values()[in.readByte()], Priority.values()[in.readByte()],
                            AlarmState.values()[in.readByte()], in.readLong(), in.readLong(), readNullable(in),
                            readNullable(in), readNullable(in), in.readInt(), readNullable(in),
                            in.available() == 0 ? 0 : in.readLong()), null, null);
                case MANUAL:
                    return new Decoded(MANUAL, null, null, new ManualEntry(in.readUTF(),
                            ManualEntry.Kind.values()[in.readByte()], in.readDouble(), in.readUTF(), in.readUTF(),
                            in.readLong()), null);
                case DEVICE_EVENT:
                    return new Decoded(DEVICE_EVENT, null, null, null, new DeviceEvent(in.readUTF(), in.readUTF(),
                            DeviceEvent.Type.values()[in.readByte()], in.readLong(), in.readUTF()));
                case THRESHOLDS: {
                    String patient = in.readUTF();
                    String user = in.readUTF();
                    long at = in.readLong();
                    String reason = in.readUTF();
                    ThresholdValues v = new ThresholdValues(in.readDouble(), in.readInt(), in.readInt(),
                            in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readByte());
                    return new Decoded(THRESHOLDS, null, null, null, null,
                            new ThresholdChange(patient, null, v, user, at, reason), null);
                }
                case DEVICE_INPUT:
                    return new Decoded(DEVICE_INPUT, null, null, null, null, null, new DeviceInput(in.readUTF(),
                            in.readUTF(), in.readLong(), in.readLong(), in.readInt(), readNullable(in),
                            readNullable(in), readNullable(in), readNullable(in)));
                case BASELINE:
                    return new Decoded(BASELINE, null, null, null, null, null, null, new LearnedBaseline(in.readUTF(),
                            Vital.values()[in.readByte()], in.readLong(), in.readInt(), in.readDouble(), in.readDouble()));
                default:
                    throw new IllegalArgumentException("unknown journal record type " + entry[0]);
            }
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("corrupt journal record of type " + entry[0] + ": " + e, e);
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(byte type, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(type);
            out.writeByte(VERSION);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
