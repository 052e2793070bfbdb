package org.homeward.gateway.clinical.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.sim.model.Delivery;
import org.homeward.sim.model.Delivery.BufferedBp;
import org.homeward.sim.model.Delivery.ClockStep;
import org.homeward.sim.model.Delivery.Glitch;
import org.homeward.sim.model.Delivery.Outage;
import org.homeward.sim.model.Scenario;
import org.homeward.sim.model.ScenarioLibrary;

/**
 * The messy-delivery suite (issue 12): short simulated patients ({@code scenarios/messy-*.yaml} in the test
 * resources, the simulator's physiology model), each played once with clean
 * delivery and once per delivery class (the simulator's {@link Delivery} faults), through the real SenML
 * encoder and decoder into the patient's rules on simulated time ({@link ScenarioDriver}). The oracle is
 * the measurement-time truth ({@link TruthOracle}); the technical alarm budget of a messy case is its
 * clean twin's count plus one DATA-GAP per injected outage (the only technical alarm a delivery fault
 * justifies).
 */
final class MessyDeliverySuite {
    /** A transient fever: about 1.2–2.1 h above 38.0 °C; the patch's 75-min outage from 1.0 h holds all of it. */
    static final Base FEVER = new Base("messy-fever", 3.5);
    /** SpO2 below 90 % from about 1.2 h on. */
    static final Base HYPOXAEMIA = new Base("messy-hypoxaemia", 3);
    /** SBP below 90 mmHg from about 1 h; the cuff measures at 0.25, 1.25 and 2.25 h. */
    static final Base HYPOTENSION = new Base("messy-hypotension", 3);
    /** A well patient for 5 h (cuff at 0.5, 2.5 and 4.5 h). */
    static final Base WELL = new Base("messy-well", 5);
    /**
     * How long after the last needed sample arrived an alarm still counts as on time: one tick of the rules plus
     * the 1-s spacing of a buffered upload's packs, rounded up to a minute.
     */
    static final long ON_TIME_MILLIS = 60_000;
    /** How far a device may stamp ahead (SenML futureSkew): an alarm earlier than the measured condition by more is false. */
    static final long SKEW_MILLIS = 300_000;

    /** A scenario played for {@code hours}. */
    record Base(String scenario, double hours) {
    }

    /** One delivery class: a name, what it does, and its cases. */
    record DeliveryClass(String name, String what, List<Case> cases) {
    }

    /** One patient played with delivery {@code d}. */
    record Case(String deliveryClass, Base base, long seed, Delivery d) {
        /** Technical alarms the delivery justifies: a DATA-GAP per outage, an OFF-BODY per off-body tail. */
        int justifiedTechnical() {
            return d.outages().size() + (int) d.outages().stream().filter(Outage::offBodyTail).count();
        }

        @Override
        public String toString() {
            return deliveryClass + "/" + base.scenario() + "/seed " + seed;
        }
    }

    /** A played case and its clean twin. */
    record Result(Case c, ScenarioRun run, Map<String, TruthOracle.Met> expected, ScenarioRun clean) {
        long technical() {
            return technical(run);
        }

        long cleanTechnical() {
            return technical(clean);
        }

        /** More technical alarms than the clean twin plus what the delivery justifies. */
        boolean overTechnicalBudget() {
            return technical() > cleanTechnical() + c.justifiedTechnical();
        }

        static long technical(ScenarioRun r) {
            return r.raised().stream().filter(a -> a.kind() == AlarmKind.TECHNICAL).count();
        }

        /** Expected HIGH rules raised HIGH (and not before the condition was met: that one is a false HIGH). */
        List<String> detected() {
            return expected.keySet().stream().filter(rule -> highOf(rule) != null).toList();
        }

        /** Expected HIGH rules raised within {@link #ON_TIME_MILLIS} of the arrival of the last sample they need. */
        List<String> onTime() {
            return expected.entrySet().stream().filter(e -> {
                ScenarioRun.Raised a = highOf(e.getKey());
                return a != null && a.highAt() <= e.getValue().evidenceAt() + ON_TIME_MILLIS;
            }).map(Map.Entry::getKey).toList();
        }

        /**
         * HIGH alarms of the measured rules that the measurement-time truth does not support: the rule's condition
         * was never met, or the alarm came more than the allowed clock skew before it was.
         */
        List<ScenarioRun.Raised> falseHighs() {
            return run.highs().stream().filter(a -> TruthOracle.RULES.contains(a.rule()) && !supported(a)).toList();
        }

        private boolean supported(ScenarioRun.Raised a) {
            TruthOracle.Met m = expected.get(a.rule());
            return m != null && a.highAt() >= m.measuredAt() - SKEW_MILLIS;
        }

        /** Of {@link #falseHighs()}, the ones still open when the run ended (latched). */
        long latched() {
            return falseHighs().stream().filter(f -> run.openAtEnd().stream().anyMatch(a -> a.id().equals(f.id()))).count();
        }

        /** The first HIGH alarm of {@code rule} the truth supports, or null. */
        ScenarioRun.Raised highOf(String rule) {
            return run.highs().stream().filter(a -> a.rule().equals(rule) && supported(a)).findFirst().orElse(null);
        }
    }

    static final long[] SEEDS = {7, 11};

    static List<DeliveryClass> classes() {
        return classes(SEEDS);
    }

    /** Every delivery class, each case on each of {@code seeds}. */
    static List<DeliveryClass> classes(long[] seeds) {
        List<DeliveryClass> out = new ArrayList<>();
        out.add(cls(seeds, "clean", "no delivery fault (the control)", FEVER, Delivery.NONE, HYPOXAEMIA, Delivery.NONE,
                HYPOTENSION, Delivery.NONE, WELL, Delivery.NONE));
        out.add(cls(seeds, "newest-first", "outage (patch 75 min, oximeter 20 min, cuff 40 min), buffer uploaded newest pack "
                        + "first, records newest first",
                FEVER, outage("patch", 1.0, 75, "newest-first", 10, false),
                HYPOXAEMIA, outage("oximeter", 1.1, 20, "newest-first", 30, false),
                HYPOTENSION, outage("bp-cuff", 1.2, 40, "newest-first", 10, false)));
        out.add(cls(seeds, "interleaved", "the same patch and oximeter outages uploaded as interleaved packs (each spans the "
                        + "whole outage)",
                FEVER, outage("patch", 1.0, 75, "interleaved", 8, false),
                HYPOXAEMIA, outage("oximeter", 1.1, 20, "interleaved", 30, false)));
        out.add(cls(seeds, "duplicates", "every patch pack sent 3 extra times, every oximeter pack once more; one implausible "
                        + "reading per device",
                FEVER, dups(0.5), HYPOXAEMIA, dups(0.5), WELL, dups(0.5)));
        out.add(cls(seeds, "clock-skew", "patch stamps 270 s ahead (inside the 5-min skew) for 4 min as the fever starts; "
                        + "oximeter clock gains 60 s/h",
                FEVER, new Delivery(null, null, null, List.of(new ClockStep("patch", 1.15, 4, 270)), null, null, null),
                HYPOXAEMIA, new Delivery(null, null, null, null, Map.of("oximeter", 60.0), null, null)));
        out.add(cls(seeds, "mixed-units", "oximeter sends act as a step count per minute in unit count",
                HYPOXAEMIA, steps(), WELL, steps()));
        out.add(cls(seeds, "off-body-tail", "75-min patch outage uploaded oldest first in one pack that ends with wear=false",
                FEVER, outage("patch", 1.0, 75, "oldest-first", 60, true)));
        out.add(cls(seeds, "buffered-bp", "a cuff artefact of 84 mmHg arrives 6 min late with its normal repeat (3 min later)",
                WELL, bp(2.0), HYPOTENSION, bp(0.2)));
        out.add(cls(seeds, "outage-backfill", "the same outages uploaded oldest first (well-behaved backfill)",
                FEVER, outage("patch", 1.0, 75, "oldest-first", 10, false),
                HYPOXAEMIA, outage("oximeter", 1.1, 20, "oldest-first", 30, false),
                HYPOTENSION, outage("bp-cuff", 1.2, 40, "oldest-first", 10, false)));
        return out;
    }

    private static DeliveryClass cls(long[] seeds, String name, String what, Object... baseAndDelivery) {
        List<Case> cases = new ArrayList<>();
        for (long seed : seeds) {
            for (int i = 0; i < baseAndDelivery.length; i += 2) {
                cases.add(new Case(name, (Base) baseAndDelivery[i], seed, (Delivery) baseAndDelivery[i + 1]));
            }
        }
        return new DeliveryClass(name, what, cases);
    }

    private static Delivery outage(String device, double at, double minutes, String order, int per, boolean tail) {
        return new Delivery(List.of(new Outage(device, at, minutes, order, per, tail)), null, null, null, null, null, null);
    }

    private static Delivery dups(double glitchAt) {
        return new Delivery(null, Map.of("patch", 3, "oximeter", 1),
                List.of(new Glitch("patch", glitchAt), new Glitch("oximeter", glitchAt + 0.5)), null, null, null, null);
    }

    private static Delivery steps() {
        return new Delivery(null, null, null, null, null, List.of("oximeter"), null);
    }

    private static Delivery bp(double at) {
        return new Delivery(null, null, null, null, null, null, List.of(new BufferedBp(at, 84.0, 3.0, 6.0)));
    }

    private final ClinicalSettings settings;

    MessyDeliverySuite(ClinicalSettings settings) {
        this.settings = settings;
    }

    /**
     * Plays every case of {@code classes} on {@code threads} threads, and each case's clean twin once (a case
     * without delivery faults is its own twin).
     */
    List<Result> play(List<DeliveryClass> classes, int threads, long timeoutMinutes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Case> cases = classes.stream().flatMap(k -> k.cases().stream()).toList();
            Map<String, Future<Result>> twins = new java.util.LinkedHashMap<>();
            List<Future<Result>> results = new ArrayList<>();
            for (Case c : cases) {
                Future<Result> f = pool.submit(() -> evaluate(c));
                results.add(f);
                if (c.d().none()) {
                    twins.putIfAbsent(twinKey(c), f);
                }
            }
            for (Case c : cases) {
                twins.computeIfAbsent(twinKey(c),
                        k -> pool.submit(() -> evaluate(new Case("clean", c.base(), c.seed(), Delivery.NONE))));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
            List<Result> out = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Result r = results.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                Result twin = twins.get(twinKey(cases.get(i))).get(Math.max(1, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                out.add(new Result(r.c(), r.run(), r.expected(), twin.run()));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String twinKey(Case c) {
        return c.base().scenario() + "/" + c.base().hours() + "/" + c.seed();
    }

    private Result evaluate(Case c) {
        TruthOracle oracle = new TruthOracle();
        ScenarioRun run = play(c, oracle);
        return new Result(c, run, oracle.qualified(settings, run.physiology, run.startMillis, run.endMillis), null);
    }

    private ScenarioRun play(Case c, TruthOracle oracle) {
        Scenario s = ScenarioLibrary.load(c.base().scenario()).withDelivery(c.d());
        return new ScenarioDriver().run(s, c.seed(), 0, c.base().hours(), settings, List.of(oracle));
    }

}
