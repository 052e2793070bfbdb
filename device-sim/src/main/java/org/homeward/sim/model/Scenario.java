package org.homeward.sim.model;

import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * A scripted clinical course plus device faults, loaded from YAML (see {@code scenarios/*.yaml}).
 * All times are hours of simulated time since the scenario start; a time-scale compresses them.
 *
 * @param name         scenario id, e.g. {@code crs-grade1}
 * @param description  one line for humans
 * @param durationHours simulated length
 * @param startDay     days since infusion at the start (D+N)
 * @param startTime    local time of day at the start, {@code HH:mm}
 * @param fever        optional fever course
 * @param effects      additive changes to vitals (ramps)
 * @param neuroChecks  optional manual ICE entries
 * @param activity     motion bursts (artefacts)
 * @param lowPerfusion low perfusion episodes
 * @param bp           cuff spot-check schedule
 * @param faults       device faults
 */
public record Scenario(String name, String description, double durationHours, Integer startDay, String startTime,
                       Fever fever, List<Effect> effects, NeuroChecks neuroChecks, Episodes activity,
                       Episodes lowPerfusion, BpSchedule bp, Faults faults) {

    public Scenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("scenario: name is required");
        }
        if (!(durationHours > 0)) {
            throw new IllegalArgumentException("scenario " + name + ": durationHours must be > 0");
        }
        description = description == null ? "" : description;
        startDay = startDay == null ? 0 : startDay;
        startTime = startTime == null ? "08:00" : startTime;
        LocalTime.parse(startTime);
        effects = effects == null ? List.of() : List.copyOf(effects);
        activity = activity == null ? new Episodes(8.0, 5.0) : activity;
        lowPerfusion = lowPerfusion == null ? new Episodes(1.0, 15.0) : lowPerfusion;
        bp = bp == null ? new BpSchedule(4.0, 0.5) : bp;
        faults = faults == null ? Faults.NONE : faults;
    }

    /** The same scenario with other delivery faults. */
    public Scenario withDelivery(Delivery d) {
        return new Scenario(name, description, durationHours, startDay, startTime, fever, effects, neuroChecks,
                activity, lowPerfusion, bp, faults.withDelivery(d));
    }

    /** Seconds of simulated time covered by the scenario. */
    public double durationSeconds() {
        return durationHours * 3600.0;
    }

    /**
     * Fever that crosses 38.0 °C at {@code crossAtHour} rising {@code speed} °C/h, holds at {@code peak}
     * for {@code plateauHours}, then falls at {@code resolveSpeed} °C/h.
     */
    public record Fever(double crossAtHour, Double speed, Double peak, Double plateauHours, Double resolveSpeed) {
        public Fever {
            speed = speed == null ? 1.0 : speed;
            peak = peak == null ? 39.0 : peak;
            plateauHours = plateauHours == null ? 12.0 : plateauHours;
            resolveSpeed = resolveSpeed == null ? 0.3 : resolveSpeed;
            if (speed <= 0 || resolveSpeed <= 0 || peak <= 38.0) {
                throw new IllegalArgumentException("fever: speed/resolveSpeed must be > 0 and peak > 38.0");
            }
        }
    }

    /**
     * Adds {@code delta} to a vital ({@code hr, spo2, rr, sbp, dbp, temp}), ramping linearly from
     * {@code onsetHour} over {@code rampHours}, held for {@code holdHours} (null = to the end), then ramping back.
     */
    public record Effect(String vital, double onsetHour, double delta, Double rampHours, Double holdHours) {
        public Effect {
            if (!List.of("hr", "spo2", "rr", "sbp", "dbp", "temp").contains(vital)) {
                throw new IllegalArgumentException("effect: unknown vital '" + vital + "'");
            }
            rampHours = rampHours == null ? 1.0 : rampHours;
        }
    }

    /** ICE checks every {@code everyHours}; {@code scores} override the default of 10 from a given hour on. */
    public record NeuroChecks(double everyHours, List<IceScore> scores) {
        public NeuroChecks {
            if (!(everyHours > 0)) {
                throw new IllegalArgumentException("neuroChecks: everyHours must be > 0");
            }
            scores = scores == null ? List.of() : List.copyOf(scores);
        }
    }

    /** From {@code fromHour} on, ICE checks score {@code ice} (0–10). */
    public record IceScore(double fromHour, int ice) {
        public IceScore {
            if (ice < 0 || ice > 10) {
                throw new IllegalArgumentException("ICE score must be 0..10, was " + ice);
            }
        }
    }

    /** Random episodes: mean count per simulated day and mean length in minutes. */
    public record Episodes(double perDay, double meanMinutes) {
    }

    /** Cuff spot checks every {@code everyHours}, first at {@code firstAtHour}. */
    public record BpSchedule(double everyHours, Double firstAtHour) {
        public BpSchedule {
            if (!(everyHours > 0)) {
                throw new IllegalArgumentException("bp: everyHours must be > 0");
            }
            firstAtHour = firstAtHour == null ? 0.5 : firstAtHour;
        }
    }

    /**
     * Device faults. Counts are per device kind and exact: each picks distinct, otherwise normal packs.
     *
     * @param offBody      windows where the device is off the body
     * @param dropouts     link loss windows; buffered ones backfill late at the end of the window
     * @param batteryDrain %/h drain per kind (default patch 0.4, oximeter 1.0, cuff 0.1); at 0 % the device dies
     * @param clockSkew    seconds added to the device's timestamps, per kind
     * @param duplicates   packs sent twice, per kind
     * @param reorders     adjacent pairs sent swapped, per kind
     * @param malformed    packs replaced by a malformed payload, per kind
     * @param delivery     how the devices' firmware delivers what they measured (order, retransmits, clocks, units)
     */
    public record Faults(List<Window> offBody, List<Window> dropouts, Map<String, Double> batteryDrain,
                         Map<String, Double> clockSkew, Map<String, Integer> duplicates,
                         Map<String, Integer> reorders, Map<String, Integer> malformed, Delivery delivery) {
        public static final Faults NONE = new Faults(null, null, null, null, null, null, null, null);

        public Faults {
            offBody = offBody == null ? List.of() : List.copyOf(offBody);
            dropouts = dropouts == null ? List.of() : List.copyOf(dropouts);
            batteryDrain = checkedKinds(batteryDrain);
            clockSkew = checkedKinds(clockSkew);
            duplicates = checkedKinds(duplicates);
            reorders = checkedKinds(reorders);
            malformed = checkedKinds(malformed);
            delivery = delivery == null ? Delivery.NONE : delivery;
        }

        /** The same faults with other delivery faults (for suites that vary only the delivery). */
        public Faults withDelivery(Delivery d) {
            return new Faults(offBody, dropouts, batteryDrain, clockSkew, duplicates, reorders, malformed, d);
        }

        private static <V> Map<String, V> checkedKinds(Map<String, V> m) {
            if (m == null) {
                return Map.of();
            }
            m.keySet().forEach(DeviceKind::fromCliName);
            return Map.copyOf(m);
        }

        /** Count configured for {@code kind} in {@code m}, 0 if absent. */
        public static int count(Map<String, Integer> m, DeviceKind kind) {
            return m.getOrDefault(kind.cliName(), 0);
        }
    }

    /** A fault window for one device kind, {@code minutes} long from {@code atHour}. */
    public record Window(String device, double atHour, double minutes, Boolean buffered) {
        public Window {
            DeviceKind.fromCliName(device);
            if (!(minutes > 0)) {
                throw new IllegalArgumentException("fault window: minutes must be > 0");
            }
            buffered = buffered != null && buffered;
        }

        DeviceKind kind() {
            return DeviceKind.fromCliName(device);
        }

        boolean contains(double simHours) {
            return simHours >= atHour && simHours < atHour + minutes / 60.0;
        }
    }
}
