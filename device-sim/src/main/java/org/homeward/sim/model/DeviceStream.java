package org.homeward.sim.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The measurement packs of one device, lazily, in emission order, with the scenario's faults
 * applied: dead battery and unbuffered dropouts lose samples (gaps), buffered dropouts hold them
 * and backfill late on the first sample after the link returns, off-body oximeters stop, and the
 * picked packs are duplicated, malformed or swapped with their successor. Not thread-safe.
 */
final class DeviceStream implements Iterator<Emission> {
    static final Comparator<Emission> ORDER = Comparator.comparingLong(Emission::emitMillis)
            .thenComparingLong(Emission::seq);
    private static final int BACKFILL_SAMPLES_PER_PACK = 30;
    private static final long DUPLICATE_DELAY_MILLIS = 1500;

    private final PatientKit kit;
    private final DeviceKind kind;
    private final String deviceId;
    private final String baseName;
    private final Physiology physiology;
    private final RunProfile profile;
    private final DeviceConditions conditions;
    private final Schedule schedule;
    private final long endMillis;
    private final SplittableRandom noise;
    private final FaultPicks picks;
    private final PriorityQueue<Emission> queue = new PriorityQueue<>(ORDER);
    private final List<Held> held = new ArrayList<>();
    private Emission deferred;
    private int k;
    private int position;
    private long seq;

    private record Held(double simHours, List<Rec> recs) {
    }

    DeviceStream(PatientKit kit, DeviceKind kind, Physiology physiology, RunProfile profile,
                 DeviceConditions conditions, Schedule schedule, long seed) {
        this.kit = kit;
        this.kind = kind;
        this.deviceId = kit.devices().get(kind);
        this.baseName = PatientKit.baseName(profile.baseNameTemplate(), deviceId);
        this.physiology = physiology;
        this.profile = profile;
        this.conditions = conditions;
        this.schedule = schedule;
        this.endMillis = profile.wallMillis(kit.scenario());
        long streamKey = kit.index() * 8L + kind.ordinal();
        this.noise = Seeds.stream(seed, streamKey, 1);
        Scenario.Faults f = kit.scenario().faults();
        this.picks = FaultPicks.pick(countNormal(), Scenario.Faults.count(f.duplicates(), kind),
                Scenario.Faults.count(f.malformed(), kind), Scenario.Faults.count(f.reorders(), kind),
                Seeds.stream(seed, streamKey, 2), kit.scenario().name() + "/" + kind);
    }

    private boolean normal(double h) {
        return !conditions.dead(h) && conditions.dropout(h) == null
                && !(kind == DeviceKind.OXIMETER && conditions.offBody(h) != null);
    }

    private int countNormal() {
        int n = 0;
        for (int i = 0; schedule.at(i) < endMillis; i++) {
            if (normal(profile.simHours(schedule.at(i)))) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean hasNext() {
        while (schedule.at(k) < endMillis && (queue.isEmpty() || queue.peek().emitMillis() > schedule.at(k))) {
            sample(k++);
        }
        return !queue.isEmpty();
    }

    @Override
    public Emission next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return queue.poll();
    }

    private void sample(int i) {
        long w = schedule.at(i);
        double h = profile.simHours(w);
        if (conditions.dead(h)) {
            return;
        }
        Scenario.Window drop = conditions.dropout(h);
        if (drop != null) {
            if (drop.buffered()) {
                held.add(new Held(h, readings(w, h)));
            }
            return;
        }
        if (kind == DeviceKind.OXIMETER && conditions.offBody(h) != null) {
            return;
        }
        flushHeld(w);
        Emission e = emission(w, h, new Pack(baseName, readings(w, h)), null, "");
        int pos = position++;
        Malformation m = picks.malformed.get(pos);
        if (m != null) {
            e = new Emission(w, e.seq(), kit.patientId(), deviceId, kind, Channel.SENML, e.pack(), h, m, "malformed");
        }
        if (picks.reorders.contains(pos)) {
            deferred = e;
            return;
        }
        queue.add(e);
        if (picks.duplicates.contains(pos)) {
            queue.add(e.withEmit(w + DUPLICATE_DELAY_MILLIS, seq++, "dup"));
        }
        if (deferred != null) {
            queue.add(deferred.withEmit(w, seq++, "reordered"));
            deferred = null;
        }
    }

    private void flushHeld(long w) {
        for (int from = 0; from < held.size(); from += BACKFILL_SAMPLES_PER_PACK) {
            List<Held> chunk = held.subList(from, Math.min(held.size(), from + BACKFILL_SAMPLES_PER_PACK));
            List<Rec> recs = new ArrayList<>();
            chunk.forEach(c -> recs.addAll(c.recs()));
            queue.add(emission(w, chunk.get(0).simHours(), new Pack(baseName, recs), null, "backfill"));
        }
        held.clear();
    }

    private Emission emission(long w, double h, Pack pack, Malformation m, String flag) {
        return new Emission(w, seq++, kit.patientId(), deviceId, kind, Channel.SENML, pack, h, m, flag);
    }

    private List<Rec> readings(long w, double h) {
        VitalState v = physiology.at(h * 3600.0);
        double time = profile.epochSeconds(w) + conditions.skewSeconds();
        double ut = schedule.utSeconds();
        return switch (kind) {
            case PATCH -> {
                Scenario.Window off = conditions.offBody(h);
                double minutesOff = off == null ? -1 : (h - off.atHour()) * 60.0;
                yield Sensors.patch(v, noise, time, ut, minutesOff);
            }
            case OXIMETER -> Sensors.oximeter(v, noise, time, ut);
            case BP_CUFF -> Sensors.cuff(v, noise, time, ut);
        };
    }
}
