package org.homeward.gateway.clinical.scenario;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.Delays;
import org.homeward.gateway.clinical.GapRules;
import org.homeward.gateway.clinical.Rules;
import org.homeward.gateway.clinical.Thresholds;
import org.homeward.gateway.domain.Vital;
import org.homeward.sim.model.DeviceKind;
import org.homeward.sim.model.PatientKit;
import org.homeward.sim.model.ScenarioLibrary;

/**
 * Plays a list of {@link ScenarioCase}s (independent patients) on a small fixed pool and attaches the
 * oracles each needs. The oracles read the thresholds and delays from the same settings the monitor gets.
 */
final class ScenarioSuite {
    /** normal-week's first 10-minute dropouts (hours), per device kind: see normal-week.yaml. */
    static final Map<DeviceKind, Double> TEN_MINUTE_DROPOUT_AT = Map.of(DeviceKind.OXIMETER, 10.0, DeviceKind.PATCH, 20.0);

    private final ClinicalSettings settings;

    ScenarioSuite(ClinicalSettings settings) {
        this.settings = settings;
    }

    List<Outcome> play(List<ScenarioCase> cases, int threads, long timeoutMinutes)
            throws InterruptedException, ExecutionException, TimeoutException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (ScenarioCase c : cases) {
                futures.add(pool.submit(() -> play(c)));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                out.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    Outcome play(ScenarioCase c) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        Thresholds t = settings.thresholds();
        Delays d = settings.delays();
        Map<String, RunOracle> oracles = new LinkedHashMap<>();
        oracles.put(Rules.CRS_FEVER, new RunOracle(Vital.TEMP, v -> v >= t.feverC(), d.tempMinSamples(), d.tempSpanMillis()));
        oracles.put(Rules.HYPOXAEMIA, new RunOracle(Vital.SPO2, v -> v < t.spo2Low(), 1, d.spo2Millis()));
        oracles.put(Rules.TACHY, new RunOracle(Vital.HR, v -> v >= t.tachyHr(), 1, d.tachyMillis()));
        oracles.put(Rules.HYPOTENSION, new RunOracle(Vital.SBP, v -> v < t.sbpLow(), 1, 0));
        Map<String, GapOracle> gaps = new LinkedHashMap<>();
        if (c.scenario().equals("normal-week")) {
            PatientKit kit = PatientKit.pseudonymous(c.seed(), c.patient(), ScenarioLibrary.load(c.scenario()));
            TEN_MINUTE_DROPOUT_AT.forEach((kind, h) -> gaps.put(kind.cliName(), new GapOracle(kit.devices().get(kind),
                    ScenarioDriver.ANCHOR.toEpochMilli() + (long) (h * 3_600_000), settings.gaps().vitals())));
        }
        List<ScenarioDriver.ReadingObserver> observers = new ArrayList<>(oracles.values());
        observers.addAll(gaps.values());
        ScenarioRun run = new ScenarioDriver().run(c.scenario(), c.seed(), c.patient(), c.hours(), settings, observers);
        return new Outcome(c, run, oracles, gaps, (mx.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
    }

    /** The configured DATA-GAP LOW delay of a device kind registered without {@code ut} (as the gateway does). */
    static long gapLowAfter(GapRules g, String kind) {
        long interval = g.intervalByKind().getOrDefault(kind, 0L);
        return Math.max(g.lowMultiplier() * interval, g.lowFloorMillis().getOrDefault(kind, g.defaultLowFloorMillis()));
    }
}
