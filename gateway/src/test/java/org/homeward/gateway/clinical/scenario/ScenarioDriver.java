package org.homeward.gateway.clinical.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.app.ClinicalBinding;
import org.homeward.gateway.clinical.EscalationListener;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.ingest.senml.PackResult;
import org.homeward.gateway.ingest.senml.SenmlPackDecoder;
import org.homeward.gateway.ingest.senml.SenmlSettings;
import org.homeward.gateway.processing.ClinicalRules;
import org.homeward.gateway.processing.PackOrder;
import org.homeward.gateway.processing.PatientProfile;
import org.homeward.sim.model.Channel;
import org.homeward.sim.model.DeviceKind;
import org.homeward.sim.model.Emission;
import org.homeward.sim.model.PatientKit;
import org.homeward.sim.model.PatientTrace;
import org.homeward.sim.model.Rec;
import org.homeward.sim.model.RunProfile;
import org.homeward.sim.model.Scenario;
import org.homeward.sim.model.ScenarioLibrary;
import org.homeward.sim.senml.MalformedPayloads;
import org.homeward.sim.senml.SenmlEncoder;
import org.homeward.sim.senml.SenmlFormat;

/**
 * Plays one simulated patient through the gateway's own SenML decoder into the patient's rules as the shards
 * see them ({@link ClinicalBinding}'s {@link ClinicalRules.Monitor} over a {@code PatientMonitor}),
 * entirely in-process on simulated time: the simulator's emission time is the gateway's receive time,
 * and {@code onTick} runs every simulated second in between, as the shard does. No sleeps, no network.
 *
 * <p>What the shard does is copied, not approximated: devices registered with their kind and
 * {@code ut = 0}, every record refusal reported via {@code onRejected} with the decoder's own rejection, refused packs never reach the
 * monitor, each pack's readings handed over context first ({@code PackOrder}, as {@code PatientShards}),
 * the simulator's ICE neuro-checks entered as {@code ICE_SCORE} manual entries.
 */
final class ScenarioDriver {
    /** Scenarios start at 08:00 local time; the clinical zone is UTC, so the anchor is 08:00Z. */
    static final Instant ANCHOR = Instant.parse("2026-03-02T08:00:00Z");
    static final long TICK_MILLIS = 1_000;

    private final SenmlPackDecoder decoder = new SenmlPackDecoder(SenmlSettings.defaults());

    /** Sees every reading the monitor gets, with the receive time (test oracles). */
    interface ReadingObserver {
        void reading(Reading r, long now);
    }

    /**
     * Plays patient {@code patientIndex} of {@code scenarioName} on {@code seed} for {@code hours} of simulated
     * time (0 = the whole scenario) at time-scale 1 with the simulator's default device intervals.
     */
    ScenarioRun run(String scenarioName, long seed, int patientIndex, double hours, ClinicalSettings settings,
                    List<? extends ReadingObserver> observers) {
        return run(ScenarioLibrary.load(scenarioName), seed, patientIndex, hours, settings, observers);
    }

    /** As above for a scenario object (e.g. a bundled one with other delivery faults). */
    ScenarioRun run(Scenario scenario, long seed, int patientIndex, double hours, ClinicalSettings settings,
                    List<? extends ReadingObserver> observers) {
        String scenarioName = scenario.name();
        PatientKit kit = PatientKit.pseudonymous(seed, patientIndex, scenario);
        Duration play = hours > 0 ? Duration.ofSeconds((long) (Math.min(hours, scenario.durationHours()) * 3600))
                : Duration.ofSeconds((long) scenario.durationSeconds());
        RunProfile profile = new RunProfile(1.0, ANCHOR, play, null, null, null, null);
        PatientTrace trace = new PatientTrace(kit, profile, seed);
        LocalDate infusion = LocalDate.ofInstant(ANCHOR, ZoneOffset.UTC).minusDays(scenario.startDay());
        ClinicalRules.Monitor monitor = new ClinicalBinding(settings, EscalationListener.NONE)
                .create(new PatientProfile(kit.patientId(), infusion, "", kit.patientId()));
        for (DeviceKind k : DeviceKind.values()) {
            monitor.registerDevice(kit.devices().get(k), k.cliName(), 0);
        }
        long start = ANCHOR.toEpochMilli();
        long end = start + play.toMillis();
        ScenarioRun run = new ScenarioRun(scenarioName, seed, patientIndex, kit, trace.physiology(), start, end);
        long nextTick = start + TICK_MILLIS;
        long ticks = 0;
        while (trace.hasNext()) {
            Emission e = trace.next();
            long at = start + e.emitMillis();
            for (; nextTick <= at; nextTick += TICK_MILLIS, ticks++) {
                run.record(monitor.onTick(nextTick));
            }
            deliver(e, at, monitor, run, observers);
        }
        for (; nextTick <= end; nextTick += TICK_MILLIS, ticks++) {
            run.record(monitor.onTick(nextTick));
        }
        run.finish(ticks);
        return run;
    }

    private void deliver(Emission e, long at, ClinicalRules.Monitor monitor, ScenarioRun run,
                         List<? extends ReadingObserver> observers) {
        if (e.channel() == Channel.EVENT) {
            for (Rec r : e.pack().records()) {
                run.record(monitor.onManualEntry(new ManualEntry(e.patientId(), ManualEntry.Kind.ICE_SCORE,
                        r.value(), "", "sim-nurse", at), at));
            }
            return;
        }
        byte[] payload = e.malformation() == null ? SenmlEncoder.encode(e.pack(), SenmlFormat.JSON)
                : MalformedPayloads.build(e.pack(), e.malformation(), SenmlFormat.JSON);
        PackResult result;
        try {
            result = decoder.decode(PayloadFormat.SENML_JSON, payload, e.deviceId(), e.patientId(), at);
        } catch (IngestException refused) {
            run.packRefused();
            return;
        }
        // as the shard hands them over (issue 14): a pack's refused records at once, and the readings of
        // one instant (Reading.sameInstantEnd) applied together and evaluated once
        if (!result.rejections().isEmpty()) {
            result.rejections().forEach(rej -> run.recordRefused());
            run.record(monitor.onRejected(e.deviceId(), result.rejections(), at));
        }
        List<Reading> readings = PackOrder.contextFirst(result.readings());
        for (int i = 0, end; i < readings.size(); i = end) {
            end = Reading.sameInstantEnd(readings, i);
            List<Reading> instant = readings.subList(i, end);
            for (Reading r : instant) {
                for (ReadingObserver o : observers) {
                    o.reading(r, at);
                }
                run.reading(r);
            }
            run.record(monitor.onReadings(instant, at));
        }
    }
}
