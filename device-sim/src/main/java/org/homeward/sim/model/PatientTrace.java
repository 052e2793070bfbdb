package org.homeward.sim.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Every emission of one patient's kit (measurements, status, manual ICE entries) merged in
 * emission order, with the scenario's delivery faults ({@link Delivery}) applied. Deterministic: the same seed, kit and profile give the same sequence.
 * Not thread-safe; lazy, so a long run holds only a few packs per device.
 */
public final class PatientTrace implements Iterator<Emission> {
    private static final Comparator<Head> HEAD_ORDER = Comparator.comparing((Head h) -> h.value, DeviceStream.ORDER)
            .thenComparingInt(h -> h.rank);

    private final PriorityQueue<Head> heads = new PriorityQueue<>(HEAD_ORDER);
    private final Physiology physiology;
    /** The scenario's delivery faults over the merged clean stream; null when there are none. */
    private final DeliveryStream delivery;

    private static final class Head {
        final Iterator<Emission> it;
        final int rank;
        Emission value;

        Head(Iterator<Emission> it, int rank) {
            this.it = it;
            this.rank = rank;
        }
    }

    public PatientTrace(PatientKit kit, RunProfile profile, long seed) {
        Scenario s = kit.scenario();
        SplittableRandom pr = Seeds.stream(seed, kit.index(), 0);
        this.physiology = new Physiology(Baseline.draw(pr), s, Seeds.mix(seed + kit.index()));
        List<Iterator<Emission>> streams = new ArrayList<>();
        for (DeviceKind kind : DeviceKind.values()) {
            SplittableRandom dr = Seeds.stream(seed, kit.index() * 8L + kind.ordinal(), 0);
            DeviceConditions cond = new DeviceConditions(s.faults(), kind, 90 + dr.nextDouble() * 10);
            streams.add(new DeviceStream(kit, kind, physiology, profile, cond, schedule(kind, profile, s, dr), seed));
            long statusMs = profile.statusInterval().toMillis();
            streams.add(new StatusStream(kit, kind, profile, cond,
                    Schedule.periodic(dr.nextLong(statusMs), statusMs), seed));
        }
        if (s.neuroChecks() != null) {
            streams.add(new NeuroCheckStream(kit, profile));
        }
        int rank = 0;
        for (Iterator<Emission> it : streams) {
            Head h = new Head(it, rank++);
            if (it.hasNext()) {
                h.value = it.next();
                heads.add(h);
            }
        }
        Delivery d = s.faults().delivery();
        this.delivery = d.none() ? null : new DeliveryStream(new DeliveryStream.Source() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Emission next() {
                return nextClean();
            }

            @Override
            public long peekEmitMillis() {
                return peekClean();
            }
        }, d, profile, kit, seed);
    }

    private static Schedule schedule(DeviceKind kind, RunProfile p, Scenario s, SplittableRandom r) {
        return switch (kind) {
            case PATCH -> periodic(p.patchInterval().toMillis(), r);
            case OXIMETER -> periodic(p.oximeterInterval().toMillis(), r);
            case BP_CUFF -> Schedule.spot(p, s.bp().firstAtHour(), s.bp().everyHours());
        };
    }

    private static Schedule periodic(long interval, SplittableRandom r) {
        return Schedule.periodic(r.nextLong(interval), interval);
    }

    /** The patient's true physiology (for tests and the clinical scenario suite). */
    public Physiology physiology() {
        return physiology;
    }

    @Override
    public boolean hasNext() {
        return delivery == null ? !heads.isEmpty() : delivery.hasNext();
    }

    @Override
    public Emission next() {
        return delivery == null ? nextClean() : delivery.next();
    }

    private Emission nextClean() {
        Head h = heads.poll();
        if (h == null) {
            throw new NoSuchElementException();
        }
        Emission e = h.value;
        if (h.it.hasNext()) {
            h.value = h.it.next();
            heads.add(h);
        }
        return e;
    }

    /** Wall offset of the next emission, or {@link Long#MAX_VALUE} when done. */
    public long peekEmitMillis() {
        return delivery == null ? peekClean() : delivery.peekEmitMillis();
    }

    private long peekClean() {
        Head h = heads.peek();
        return h == null ? Long.MAX_VALUE : h.value.emitMillis();
    }
}
