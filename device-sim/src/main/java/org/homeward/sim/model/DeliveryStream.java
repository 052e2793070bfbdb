package org.homeward.sim.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Applies a patient's {@link Delivery} faults to its clean emission stream, lazily and in emission order.
 * Every fault only delays, copies or re-labels what the devices measured, so the emission order stays
 * monotonic: buffered samples go out when their outage ends, retransmits 1 s apart after the original,
 * a buffered cuff pair when it arrives. Deterministic for a seed. Not thread-safe.
 */
final class DeliveryStream {
    private static final long RETRANSMIT_SPACING_MILLIS = 1_000;
    private static final double PA_PER_MMHG = Sensors.PA_PER_MMHG;
    private static final double IMPLAUSIBLE_TEMP = 47.5;
    private static final double IMPLAUSIBLE_SPO2 = 0.31;

    private final Source source;
    private final Delivery d;
    private final RunProfile profile;
    private final Set<DeviceKind> stepCounter;
    private final Map<DeviceKind, SplittableRandom> steps = new EnumMap<>(DeviceKind.class);
    private final PriorityQueue<Emission> queue = new PriorityQueue<>(DeviceStream.ORDER);
    private final Map<Delivery.Outage, List<Emission>> held = new java.util.LinkedHashMap<>();
    private final Set<Delivery.Glitch> glitched = new HashSet<>();
    private final Set<Delivery.BufferedBp> bpDone = new HashSet<>();
    private long seq = Long.MAX_VALUE / 2;

    /** The clean stream: the next emission's time without taking it. */
    interface Source {
        boolean hasNext();

        Emission next();

        long peekEmitMillis();
    }

    DeliveryStream(Source source, Delivery d, RunProfile profile, PatientKit kit, long seed) {
        this.source = source;
        this.d = d;
        this.profile = profile;
        this.stepCounter = d.stepCounterKinds();
        for (DeviceKind k : DeviceKind.values()) {
            steps.put(k, Seeds.stream(seed, kit.index() * 8L + k.ordinal(), 7));
        }
        d.outages().forEach(o -> held.put(o, new ArrayList<>()));
    }

    boolean hasNext() {
        while (true) {
            long q = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().emitMillis();
            long s = source.hasNext() ? source.peekEmitMillis() : Long.MAX_VALUE;
            Delivery.Outage due = null;
            long o = Long.MAX_VALUE;
            for (Delivery.Outage out : held.keySet()) {
                long end = profile.wallMillisOf(out.endHour());
                if (end < o) {
                    o = end;
                    due = out;
                }
            }
            if (due != null && o <= q && o <= s) {
                flush(due, o);
            } else if (s != Long.MAX_VALUE && s <= q) {
                accept(source.next());
            } else {
                return q != Long.MAX_VALUE;
            }
        }
    }

    Emission next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return queue.poll();
    }

    long peekEmitMillis() {
        return hasNext() ? queue.peek().emitMillis() : Long.MAX_VALUE;
    }

    private void accept(Emission e) {
        if (e.channel() == Channel.EVENT) {
            queue.add(e);
            return;
        }
        if (e.malformation() == null) {
            e = relabel(e);
        }
        for (Delivery.Outage out : held.keySet()) {
            if (out.covers(e.kind(), e.simHours())) {
                if (e.channel() == Channel.SENML && e.malformation() == null) {
                    held.get(out).add(e);
                } // status packs and malformed ones are lost while the link is down
                return;
            }
        }
        if (e.kind() == DeviceKind.BP_CUFF && e.channel() == Channel.SENML && e.malformation() == null) {
            for (Delivery.BufferedBp bp : d.bufferedBp()) {
                if (e.simHours() >= bp.atHour() && bpDone.add(bp)) {
                    bufferedPair(e, bp);
                    return;
                }
            }
        }
        send(e);
    }

    /** Sends {@code e} and its retransmits. */
    private void send(Emission e) {
        queue.add(e);
        int copies = d.retransmits().getOrDefault(e.kind().cliName(), 0);
        if (e.channel() == Channel.SENML) {
            for (int i = 1; i <= copies; i++) {
                queue.add(e.withEmit(e.emitMillis() + i * RETRANSMIT_SPACING_MILLIS, seq++, "dup"));
            }
        }
    }

    /** Clock, units and glitches: what the firmware writes into a pack. */
    private Emission relabel(Emission e) {
        double shift = d.clockDrift().getOrDefault(e.kind().cliName(), 0.0) * e.simHours();
        for (Delivery.ClockStep c : d.clockAhead()) {
            if (c.covers(e.kind(), e.simHours())) {
                shift += c.seconds();
            }
        }
        boolean counts = e.channel() == Channel.SENML && stepCounter.contains(e.kind());
        Delivery.Glitch glitch = null;
        if (e.channel() == Channel.SENML) {
            for (Delivery.Glitch g : d.implausible()) {
                if (DeviceKind.fromCliName(g.device()) == e.kind() && e.simHours() >= g.atHour() && !glitched.contains(g)) {
                    glitch = g;
                    glitched.add(g);
                    break;
                }
            }
        }
        if (shift == 0 && !counts && glitch == null) {
            return e;
        }
        List<Rec> recs = new ArrayList<>(e.pack().records().size());
        for (Rec r : e.pack().records()) {
            Rec x = new Rec(r.name(), r.unit(), r.value(), r.bool(), r.time() + shift, r.ut());
            if (counts && r.name().equals("act")) {
                x = new Rec("act", "count", (double) stepsPerMinute(e.kind(), r.value()), null, x.time(), x.ut());
            }
            if (glitch != null && r.name().equals(e.kind() == DeviceKind.PATCH ? "temp" : "spo2")) {
                x = new Rec(r.name(), r.unit(), e.kind() == DeviceKind.PATCH ? IMPLAUSIBLE_TEMP : IMPLAUSIBLE_SPO2,
                        null, x.time(), x.ut());
            }
            recs.add(x);
        }
        return withPack(e, e.emitMillis(), new Pack(e.pack().baseName(), recs), e.flag());
    }

    /** Steps counted in the last minute: a patient at home potters about (3–8) and walks (about 30 per m/s²). */
    private long stepsPerMinute(DeviceKind kind, double accel) {
        SplittableRandom r = steps.get(kind);
        return Math.min(150, Math.round(3 + 5 * r.nextDouble() + 30 * Math.max(0, accel)));
    }

    private void bufferedPair(Emission e, Delivery.BufferedBp bp) {
        List<Rec> low = new ArrayList<>();
        List<Rec> repeat = new ArrayList<>();
        double lowPa = Math.round(bp.lowSbp() * PA_PER_MMHG);
        double repeatAfter = bp.repeatMinutes() * 60.0;
        for (Rec r : e.pack().records()) {
            double v = switch (r.name()) {
                case "sbp" -> lowPa;
                case "dbp" -> Math.min(r.value(), Math.round((bp.lowSbp() - 30) * PA_PER_MMHG));
                default -> r.value();
            };
            low.add(new Rec(r.name(), r.unit(), v, r.bool(), r.time(), r.ut()));
            repeat.add(new Rec(r.name(), r.unit(), r.value(), r.bool(), r.time() + repeatAfter, r.ut()));
        }
        long at = e.emitMillis() + profile.wallMillisOf(bp.arriveMinutes() / 60.0);
        send(withPack(e, at, new Pack(e.pack().baseName(), low), "buffered"));
        send(withPack(e, at + RETRANSMIT_SPACING_MILLIS, new Pack(e.pack().baseName(), repeat), "buffered"));
    }

    private void flush(Delivery.Outage out, long at) {
        List<Emission> samples = held.remove(out);
        if (samples.isEmpty()) {
            return;
        }
        int per = out.packSamples();
        List<List<Emission>> packs = new ArrayList<>();
        switch (out.parsedOrder()) {
            case OLDEST_FIRST -> {
                for (int i = 0; i < samples.size(); i += per) {
                    packs.add(samples.subList(i, Math.min(samples.size(), i + per)));
                }
            }
            case NEWEST_FIRST -> {
                List<Emission> rev = new ArrayList<>(samples);
                Collections.reverse(rev);
                for (int i = 0; i < rev.size(); i += per) {
                    packs.add(rev.subList(i, Math.min(rev.size(), i + per)));
                }
            }
            case INTERLEAVED -> {
                int k = (samples.size() + per - 1) / per;
                for (int j = 0; j < k; j++) {
                    List<Emission> p = new ArrayList<>();
                    for (int i = j; i < samples.size(); i += k) {
                        p.add(samples.get(i));
                    }
                    packs.add(p);
                }
            }
        }
        double newest = samples.get(samples.size() - 1).pack().records().get(0).time();
        for (int i = 0; i < packs.size(); i++) {
            List<Rec> recs = new ArrayList<>();
            for (Emission s : packs.get(i)) {
                recs.addAll(s.pack().records());
            }
            Emission first = packs.get(i).get(0);
            if (out.offBodyTail() && i == packs.size() - 1) {
                Double ut = recs.get(recs.size() - 1).ut();
                recs.add(Rec.flag("wear", false, newest + 1, ut));
            }
            send(withPack(first, at, new Pack(first.pack().baseName(), recs), "backfill"));
        }
    }

    private Emission withPack(Emission e, long emitMillis, Pack pack, String flag) {
        return new Emission(emitMillis, seq++, e.patientId(), e.deviceId(), e.kind(), e.channel(), pack, e.simHours(),
                e.malformation(), flag);
    }
}
