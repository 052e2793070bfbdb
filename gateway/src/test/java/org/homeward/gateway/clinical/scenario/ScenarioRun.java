package org.homeward.gateway.clinical.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Reading;
import org.homeward.sim.model.PatientKit;
import org.homeward.sim.model.Physiology;
import org.homeward.sim.model.VitalState;

/** What one simulated patient produced: every alarm raised (by id), counts, and the true physiology. */
final class ScenarioRun {
    /** One alarm instance: first raised at {@code raisedAt}; {@code highAt} when it first was HIGH (or -1). */
    record Raised(String id, String rule, AlarmKind kind, String deviceId, long raisedAt, Priority maxPriority,
                  long highAt, String evidence) {
    }

    final String scenario;
    final long seed;
    final int patientIndex;
    final PatientKit kit;
    final Physiology physiology;
    final long startMillis;
    final long endMillis;
    private final Map<String, Raised> raised = new LinkedHashMap<>();
    private long readings;
    private long packsRefused;
    private long recordsRefused;
    private long ticks;
    /** The newest state of every alarm, by id. */
    private final Map<String, Alarm> latest = new LinkedHashMap<>();

    ScenarioRun(String scenario, long seed, int patientIndex, PatientKit kit, Physiology physiology,
                long startMillis, long endMillis) {
        this.scenario = scenario;
        this.seed = seed;
        this.patientIndex = patientIndex;
        this.kit = kit;
        this.physiology = physiology;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
    }

    void record(List<Alarm> changed) {
        for (Alarm a : changed) {
            latest.put(a.id(), a);
            Raised r = raised.get(a.id());
            if (r == null) {
                raised.put(a.id(), new Raised(a.id(), a.rule(), a.kind(), a.deviceId(), a.changedAtMillis(), a.priority(),
                        a.priority() == Priority.HIGH ? a.changedAtMillis() : -1, a.evidence()));
            } else if (a.priority().compareTo(r.maxPriority()) > 0) {
                raised.put(a.id(), new Raised(r.id(), r.rule(), r.kind(), r.deviceId(), r.raisedAt(), a.priority(),
                        a.priority() == Priority.HIGH ? a.changedAtMillis() : r.highAt(), a.evidence()));
            }
        }
    }

    void reading(Reading r) {
        readings++;
    }

    void packRefused() {
        packsRefused++;
    }

    void recordRefused() {
        recordsRefused++;
    }

    void finish(long tickCount) {
        this.ticks = tickCount;
    }

    List<Raised> raised() {
        return new ArrayList<>(raised.values());
    }

    /** The first alarm of {@code rule} raised at or after {@code from}. */
    OptionalLong firstRaised(String rule, long from) {
        return raised.values().stream().filter(r -> r.rule().equals(rule) && r.raisedAt() >= from)
                .mapToLong(Raised::raisedAt).min();
    }

    List<Raised> highs() {
        return raised.values().stream().filter(r -> r.maxPriority() == Priority.HIGH).toList();
    }

    double patientDays() {
        return (endMillis - startMillis) / 86_400_000.0;
    }

    /** Epoch ms when the true (noise-free) physiology first satisfies {@code p}, scanned every second. */
    OptionalLong trueCrossing(Predicate<VitalState> p) {
        for (long ms = 0; startMillis + ms <= endMillis; ms += 1_000) {
            if (p.test(physiology.at(ms / 1000.0))) {
                return OptionalLong.of(startMillis + ms);
            }
        }
        return OptionalLong.empty();
    }

    long readings() {
        return readings;
    }

    long packsRefused() {
        return packsRefused;
    }

    long recordsRefused() {
        return recordsRefused;
    }

    long ticks() {
        return ticks;
    }

    /** The alarms still open when the run ended (their last change left them open). */
    List<Alarm> openAtEnd() {
        return latest.values().stream().filter(Alarm::isOpen).toList();
    }

    @Override
    public String toString() {
        return scenario + " seed " + seed + " patient " + patientIndex;
    }
}
