package org.homeward.sim.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the devices' firmware delivers what they measured: the messy behaviour of real cellular wearables
 * that buffer through outages, retransmit, stamp with a wrong clock and mix units. Applied by
 * {@link DeliveryStream} after the measurements are taken, so the physiology and the values measured stay
 * those of the clean run; only order, copies, timestamps, units and context records change.
 * All times are simulated hours since the scenario start (YAML key {@code faults.delivery}).
 *
 * @param outages     link outages whose samples are buffered and uploaded when the link returns, in the given order
 * @param retransmits per device kind: every pack of the kind is sent this many extra times, 1 s apart
 * @param implausible single implausible readings (a sensor glitch the gateway must refuse), one pack each
 * @param clockAhead  windows in which a device stamps its packs ahead of the true time
 * @param clockDrift  per device kind: seconds the device clock gains per simulated hour
 * @param stepCounter device kinds whose {@code act} is a step count per minute in unit {@code count}, not m/s²
 * @param bufferedBp  cuff readings that go low once (an artefact) and arrive late together with their normal repeat
 */
public record Delivery(List<Outage> outages, Map<String, Integer> retransmits, List<Glitch> implausible,
                       List<ClockStep> clockAhead, Map<String, Double> clockDrift, List<String> stepCounter,
                       List<BufferedBp> bufferedBp) {
    public static final Delivery NONE = new Delivery(null, null, null, null, null, null, null);

    public Delivery {
        outages = outages == null ? List.of() : List.copyOf(outages);
        retransmits = kinds(retransmits);
        implausible = implausible == null ? List.of() : List.copyOf(implausible);
        clockAhead = clockAhead == null ? List.of() : List.copyOf(clockAhead);
        clockDrift = kinds(clockDrift);
        stepCounter = stepCounter == null ? List.of() : List.copyOf(stepCounter);
        stepCounter.forEach(DeviceKind::fromCliName);
        bufferedBp = bufferedBp == null ? List.of() : List.copyOf(bufferedBp);
        retransmits.values().forEach(n -> {
            if (n < 0 || n > 10) {
                throw new IllegalArgumentException("delivery: retransmits must be 0..10, was " + n);
            }
        });
    }

    private static <V> Map<String, V> kinds(Map<String, V> m) {
        if (m == null) {
            return Map.of();
        }
        m.keySet().forEach(DeviceKind::fromCliName);
        return Map.copyOf(m);
    }

    /** True when no delivery fault is configured (the trace is the clean one). */
    public boolean none() {
        return outages.isEmpty() && retransmits.isEmpty() && implausible.isEmpty() && clockAhead.isEmpty()
                && clockDrift.isEmpty() && stepCounter.isEmpty() && bufferedBp.isEmpty();
    }

    /** The order in which a device uploads its buffer after an outage. */
    public enum Order {
        /** Packs oldest first, records oldest first (well-behaved backfill). */
        OLDEST_FIRST,
        /** Packs newest first, and the records in each pack newest first (a stack-like buffer). */
        NEWEST_FIRST,
        /** Samples dealt round-robin over the packs: each pack spans the whole outage, none is contiguous. */
        INTERLEAVED;

        static Order parse(String s) {
            return switch (s == null ? "oldest-first" : s) {
                case "oldest-first" -> OLDEST_FIRST;
                case "newest-first" -> NEWEST_FIRST;
                case "interleaved" -> INTERLEAVED;
                default -> throw new IllegalArgumentException(
                        "delivery outage: order must be oldest-first, newest-first or interleaved, was '" + s + "'");
            };
        }
    }

    /**
     * A link outage of one device, {@code minutes} long from {@code atHour}: its measurement packs are
     * buffered (status packs are lost) and uploaded at the end in packs of {@code packSamples} samples,
     * in {@code order}. With {@code offBodyTail} the last uploaded pack ends with a {@code wear=false}
     * record stamped one second after the newest sample (taken off as the link returned).
     */
    public record Outage(String device, double atHour, double minutes, String order, Integer packSamples,
                         Boolean offBodyTail) {
        public Outage {
            DeviceKind.fromCliName(device);
            if (!(minutes > 0)) {
                throw new IllegalArgumentException("delivery outage: minutes must be > 0");
            }
            Order.parse(order);
            packSamples = packSamples == null ? 10 : packSamples;
            if (packSamples < 1 || packSamples > 500) {
                throw new IllegalArgumentException("delivery outage: packSamples must be 1..500, was " + packSamples);
            }
            offBodyTail = offBodyTail != null && offBodyTail;
        }

        Order parsedOrder() {
            return Order.parse(order);
        }

        boolean covers(DeviceKind kind, double h) {
            return DeviceKind.fromCliName(device) == kind && h >= atHour && h < endHour();
        }

        double endHour() {
            return atHour + minutes / 60.0;
        }
    }

    /** The first measurement pack of {@code device} at or after {@code atHour} carries one implausible value. */
    public record Glitch(String device, double atHour) {
        public Glitch {
            DeviceKind kind = DeviceKind.fromCliName(device);
            if (kind == DeviceKind.BP_CUFF) {
                throw new IllegalArgumentException("delivery implausible: patch or oximeter only");
            }
        }
    }

    /** Packs of {@code device} measured within {@code minutes} from {@code atHour} are stamped {@code seconds} ahead. */
    public record ClockStep(String device, double atHour, double minutes, double seconds) {
        public ClockStep {
            DeviceKind.fromCliName(device);
            if (!(minutes > 0)) {
                throw new IllegalArgumentException("delivery clockAhead: minutes must be > 0");
            }
        }

        boolean covers(DeviceKind kind, double h) {
            return DeviceKind.fromCliName(device) == kind && h >= atHour && h < atHour + minutes / 60.0;
        }
    }

    /**
     * The first cuff reading at or after {@code atHour} reads {@code lowSbp} mmHg (an artefact); the cuff
     * repeats {@code repeatMinutes} later with the true value and uploads both {@code arriveMinutes} after
     * the first, one second apart.
     */
    public record BufferedBp(double atHour, Double lowSbp, Double repeatMinutes, Double arriveMinutes) {
        public BufferedBp {
            lowSbp = lowSbp == null ? 84.0 : lowSbp;
            repeatMinutes = repeatMinutes == null ? 3.0 : repeatMinutes;
            arriveMinutes = arriveMinutes == null ? 6.0 : arriveMinutes;
            if (!(repeatMinutes > 0) || arriveMinutes < repeatMinutes) {
                throw new IllegalArgumentException("delivery bufferedBp: need 0 < repeatMinutes <= arriveMinutes");
            }
        }
    }

    /** Device kinds with a step counter, parsed. */
    Set<DeviceKind> stepCounterKinds() {
        return Set.copyOf(stepCounter.stream().map(DeviceKind::fromCliName).toList());
    }
}
