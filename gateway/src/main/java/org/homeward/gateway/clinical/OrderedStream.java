package org.homeward.gateway.clinical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The trusted samples of one stream (patient × vital) in measurement order and the rule state they
 * produce, so rules give the same result whatever order the samples arrive in.
 *
 * <ul>
 *   <li>A sample measured at or after the newest one is applied to the state at once ({@link Outcome#IN_ORDER}).
 *   <li>One measured before it (buffered, a pack sent newest-first, or behind a future-stamped sample) is
 *       inserted in order and the state is rebuilt from the nearest checkpoint before it ({@link Outcome#LATE}).
 *   <li>One measured more than the reorder horizon before the newest, or before the oldest sample still
 *       kept, is history only: the state does not change ({@link Outcome#BEYOND_HORIZON}).
 *   <li>A second sample of the same device at the same measurement time with the same value (a retransmission)
 *       changes nothing ({@link Outcome#DUPLICATE}); a different value at the same time is kept as a sample of
 *       its own, so no abnormal value is ever discarded as a "duplicate".
 * </ul>
 * At most {@link #MAX_SAMPLES} samples are kept (about 34 min of a 1 Hz oximeter): on a faster stream that
 * count, not the horizon, bounds how far back a late sample is re-evaluated. Samples that leave the window are
 * folded, {@link #CHECKPOINT_EVERY} at a time, into the base state. A late sample costs a replay from the
 * checkpoint before it (at most {@code CHECKPOINT_EVERY} samples when it is only a little late).
 *
 * <p>Not thread-safe: the patient's shard thread only.
 *
 * @param <S> the rule state; {@code copy} must give an independent deep copy
 */
final class OrderedStream<S> {
    static final int MAX_SAMPLES = 2_048;
    static final int CHECKPOINT_EVERY = 64;
    private static final byte LATE = 1;
    private static final byte SPOT = 2;

    /** What {@link #add} did with a sample. */
    enum Outcome {
        IN_ORDER, LATE, DUPLICATE, BEYOND_HORIZON;

        /** True when the sample reached the rules (in order, or re-evaluated late). */
        boolean evaluated() {
            return this == IN_ORDER || this == LATE;
        }
    }

    private final UnaryOperator<S> copy;
    /** checkpoints.get(j): the state before sample j × CHECKPOINT_EVERY; index 0 is the base. */
    private final List<S> checkpoints = new ArrayList<>();
    private final List<String> devices = new ArrayList<>();
    private S state;
    private long[] at = new long[CHECKPOINT_EVERY];
    private long[] received = new long[CHECKPOINT_EVERY];
    private double[] value = new double[CHECKPOINT_EVERY];
    private byte[] flags = new byte[CHECKPOINT_EVERY];
    private short[] device = new short[CHECKPOINT_EVERY];
    private int size;
    /** Measurement time of the newest sample folded into the base state. */
    private long foldedUpTo = Long.MIN_VALUE;

    OrderedStream(S initial, UnaryOperator<S> copy) {
        this.copy = copy;
        this.state = initial;
        checkpoints.add(copy.apply(initial));
    }

    /** The state after every kept and folded sample, in measurement order. */
    S state() {
        return state;
    }

    /**
     * Adds a sample from {@code deviceId}; {@code feed} applies one sample to a state (called in measurement
     * order, possibly for earlier samples again while replaying).
     */
    Outcome add(Sample x, String deviceId, long horizonMillis, BiConsumer<S, Sample> feed) {
        long t = x.at();
        if (t <= foldedUpTo || (size > 0 && t < at[size - 1] - horizonMillis)) {
            return Outcome.BEYOND_HORIZON;
        }
        int pos = upperBound(t);
        int dev = deviceIndex(deviceId);
        for (int i = pos - 1; i >= 0 && at[i] == t; i--) {
            if (device[i] == dev && Double.compare(value[i], x.value()) == 0) {
                return Outcome.DUPLICATE;
            }
        }
        insert(pos, x, dev);
        Outcome out;
        if (pos == size - 1) {
            if (pos > 0 && pos % CHECKPOINT_EVERY == 0) {
                checkpoints.add(copy.apply(state));
            }
            feed.accept(state, x);
            out = Outcome.IN_ORDER;
        } else {
            replayFrom(pos / CHECKPOINT_EVERY, feed);
            out = Outcome.LATE;
        }
        fold(horizonMillis);
        return out;
    }

    private void replayFrom(int checkpoint, BiConsumer<S, Sample> feed) {
        while (checkpoints.size() > checkpoint + 1) {
            checkpoints.remove(checkpoints.size() - 1);
        }
        state = copy.apply(checkpoints.get(checkpoint));
        for (int i = checkpoint * CHECKPOINT_EVERY; i < size; i++) {
            if (i > checkpoint * CHECKPOINT_EVERY && i % CHECKPOINT_EVERY == 0) {
                checkpoints.add(copy.apply(state));
            }
            feed.accept(state, sample(i));
        }
    }

    /** Folds the oldest block into the base while the stream is over its size or its oldest block is beyond the horizon. */
    private void fold(long horizonMillis) {
        while (size > CHECKPOINT_EVERY && checkpoints.size() > 1
                && (size > MAX_SAMPLES || at[CHECKPOINT_EVERY - 1] < at[size - 1] - horizonMillis)) {
            foldedUpTo = at[CHECKPOINT_EVERY - 1];
            checkpoints.remove(0);
            size -= CHECKPOINT_EVERY;
            System.arraycopy(at, CHECKPOINT_EVERY, at, 0, size);
            System.arraycopy(received, CHECKPOINT_EVERY, received, 0, size);
            System.arraycopy(value, CHECKPOINT_EVERY, value, 0, size);
            System.arraycopy(flags, CHECKPOINT_EVERY, flags, 0, size);
            System.arraycopy(device, CHECKPOINT_EVERY, device, 0, size);
        }
    }

    private Sample sample(int i) {
        return new Sample(at[i], value[i], received[i], (flags[i] & LATE) != 0, (flags[i] & SPOT) != 0);
    }

    /** First index whose time is after {@code t} (equal times keep their arrival order). */
    private int upperBound(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (at[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void insert(int pos, Sample x, int dev) {
        if (size == at.length) {
            int n = Math.min(at.length * 2, MAX_SAMPLES + 1);
            at = Arrays.copyOf(at, n);
            received = Arrays.copyOf(received, n);
            value = Arrays.copyOf(value, n);
            flags = Arrays.copyOf(flags, n);
            device = Arrays.copyOf(device, n);
        }
        int tail = size - pos;
        System.arraycopy(at, pos, at, pos + 1, tail);
        System.arraycopy(received, pos, received, pos + 1, tail);
        System.arraycopy(value, pos, value, pos + 1, tail);
        System.arraycopy(flags, pos, flags, pos + 1, tail);
        System.arraycopy(device, pos, device, pos + 1, tail);
        at[pos] = x.at();
        received[pos] = x.receivedAt();
        value[pos] = x.value();
        flags[pos] = (byte) ((x.late() ? LATE : 0) | (x.spot() ? SPOT : 0));
        device[pos] = (short) dev;
        size++;
    }

    private int deviceIndex(String deviceId) {
        int i = devices.indexOf(deviceId);
        if (i < 0) {
            devices.add(deviceId);
            i = devices.size() - 1;
        }
        return i;
    }
}
