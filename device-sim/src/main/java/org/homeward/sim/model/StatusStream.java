package org.homeward.sim.model;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Periodic status packs of one device (battery, signal, wear). Not sent while the link is down
 * (status is not buffered) nor after the battery died. Not thread-safe.
 */
final class StatusStream implements Iterator<Emission> {
    private final PatientKit kit;
    private final DeviceKind kind;
    private final String baseName;
    private final RunProfile profile;
    private final DeviceConditions conditions;
    private final Schedule schedule;
    private final long endMillis;
    private final SplittableRandom noise;
    private Emission next;
    private int k;
    private long seq;

    StatusStream(PatientKit kit, DeviceKind kind, RunProfile profile, DeviceConditions conditions,
                 Schedule schedule, long seed) {
        this.kit = kit;
        this.kind = kind;
        this.baseName = PatientKit.baseName(profile.baseNameTemplate(), kit.devices().get(kind));
        this.profile = profile;
        this.conditions = conditions;
        this.schedule = schedule;
        this.endMillis = profile.wallMillis(kit.scenario());
        this.noise = Seeds.stream(seed, kit.index() * 8L + kind.ordinal(), 3);
    }

    @Override
    public boolean hasNext() {
        while (next == null && schedule.at(k) < endMillis) {
            long w = schedule.at(k++);
            double h = profile.simHours(w);
            if (conditions.dead(h) || conditions.dropout(h) != null) {
                continue;
            }
            double time = profile.epochSeconds(w) + conditions.skewSeconds();
            Pack pack = new Pack(baseName, Sensors.status(conditions.battery(h), conditions.offBody(h) == null,
                    noise, time, schedule.utSeconds()));
            next = new Emission(w, seq++, kit.patientId(), kit.devices().get(kind), kind, Channel.STATUS, pack, h, null, "");
        }
        return next != null;
    }

    @Override
    public Emission next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Emission e = next;
        next = null;
        return e;
    }
}
