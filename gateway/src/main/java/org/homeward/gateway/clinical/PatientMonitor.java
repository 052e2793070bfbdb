package org.homeward.gateway.clinical;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.LearnedBaseline;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.domain.News2;

/**
 * The clinical layer of one patient: rules, NEWS2, baselines and the alarm lifecycle, as pure
 * functions of the patient's inputs and the time passed in. It never reads a clock.
 *
 * <p>Threading: NOT thread-safe. One instance per patient, owned and called by that patient's shard
 * thread only. No method blocks. Every {@code on*}, {@code acknowledge}, {@code shelve} and
 * {@code endReplay} call returns the alarm values created or changed by it, oldest first; the caller
 * journals and publishes each of them (they are never dropped).
 *
 * <p>Timers (persistence confirmation on ticks, data gaps, escalation, re-alert, shelving expiry,
 * overdue neuro checks, unconfirmed BP) advance only through {@link #onTick(long)}, which the shard
 * calls on its ~1 s tick for the patients whose {@link #nextDueMillis()} has come.
 *
 * <p>Bad input (another patient's record, NaN, an out-of-range manual value, an unknown alarm id)
 * is refused without an exception, counted in {@link #refusedInputs()}, and changes nothing.
 *
 * <p>Replay: see {@link #beginReplay()}.
 */
public final class PatientMonitor {
    private final String patientId;
    private final long dayZeroMillis;
    private final AlarmBook book;
    private final RuleSet rules = new RuleSet();
    private final List<ThresholdOverride> overrides = new ArrayList<>();
    private ClinicalSettings settings;
    private long refused;
    /** Numbers the samples of the overload that cannot name them. */
    private long refusedSamples;
    /** Time of the last {@link #onTick} or {@link #endReplay}: {@link #nextDueMillis()} counts edges after it. */
    private long tickedAt = Long.MIN_VALUE;

    public PatientMonitor(String patientId, LocalDate infusionDate, ClinicalSettings settings, Supplier<String> alarmIds) {
        this(patientId, infusionDate, settings, alarmIds, EscalationListener.NONE);
    }

    /**
     * @param patientId    pseudonymous patient id (the one in readings and alarms)
     * @param infusionDate D0, interpreted in {@link ClinicalSettings#zone()} at construction
     * @param settings     programme settings (per-patient changes via {@link #applyOverride})
     * @param alarmIds     source of unique alarm ids (e.g. {@code () -> UUID.randomUUID().toString()})
     * @param listener     escalation hook, called on this shard thread
     */
    public PatientMonitor(String patientId, LocalDate infusionDate, ClinicalSettings settings, Supplier<String> alarmIds,
                          EscalationListener listener) {
        this.patientId = Objects.requireNonNull(patientId, "patientId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dayZeroMillis = infusionDate.atStartOfDay(settings.zone()).toInstant().toEpochMilli();
        this.book = new AlarmBook(patientId, Objects.requireNonNull(alarmIds, "alarmIds"),
                Objects.requireNonNull(listener, "listener"), settings.escalation());
    }

    public String patientId() {
        return patientId;
    }

    /** Tells the monitor a device's kind and its expected interval (SenML {@code ut}; 0 = kind default). */
    public void registerDevice(String deviceId, String kind, long expectedIntervalMillis) {
        rules.registerDevice(deviceId, kind, expectedIntervalMillis);
    }

    /** An accepted reading of this patient; {@code now} is the shard's time (receive time during replay). */
    public List<Alarm> onReading(Reading r, long now) {
        if (!patientId.equals(r.patientId()) || Double.isNaN(r.value()) || Double.isInfinite(r.value())) {
            refused++;
            return List.of();
        }
        rules.episode(book.anyOpenPhysiological());
        rules.reading(r, now, settings);
        return evaluate(now);
    }

    /**
     * The readings of one instant: one pack's records from one device with the same measurement time (a
     * vital-sign set). Each is applied as {@link #onReading} applies it, then the rules are evaluated once,
     * so no alarm sees a set half applied (NEWS2 with the new pulse and the old SpO2, say) and a pack costs
     * one evaluation instead of one per record (issue 14). Readings of different instants go one by one:
     * a late one may reveal a past episode on its own.
     */
    public List<Alarm> onReadings(List<Reading> sameInstant, long now) {
        if (sameInstant.size() == 1) {
            return onReading(sameInstant.get(0), now);
        }
        boolean episode = book.anyOpenPhysiological(); // no evaluation in between: the same for every reading
        boolean any = false;
        for (Reading r : sameInstant) {
            if (!patientId.equals(r.patientId()) || Double.isNaN(r.value()) || Double.isInfinite(r.value())) {
                refused++;
                continue;
            }
            rules.episode(episode);
            rules.reading(r, now, settings);
            any = true;
        }
        return any ? evaluate(now) : List.of();
    }

    /** A nurse or caregiver entry (ICE, ACVPU, O2, therapy, confusion, seizure, neuro-check due, monitoring). */
    public List<Alarm> onManualEntry(ManualEntry e, long now) {
        if (!patientId.equals(e.patientId()) || !rules.manualEntry(e, settings)) {
            refused++;
            return List.of();
        }
        return evaluate(now);
    }

    public List<Alarm> onDeviceEvent(DeviceEvent e, long now) {
        if (!patientId.equals(e.patientId())) {
            refused++;
            return List.of();
        }
        rules.deviceEvent(e, now, settings, book);
        return evaluate(now);
    }

    /**
     * A record of this device was refused (clinical-spec §4.1 layer 1), each call a distinct sample;
     * {@code vital} may be null. Prefer the overload that names the sample, so retransmissions count once.
     */
    public List<Alarm> onRejectedRecord(String deviceId, Vital vital, long now) {
        String what = vital == null ? "record" : vital.senmlName();
        return onRejectedRecord(deviceId, what, "refused", "#" + now + "/" + (refusedSamples++), "", now);
    }

    /**
     * A record of this device was refused. SENSOR-FAULT counts distinct samples and names them.
     *
     * @param what   the vital's SenML name, or the record's name when it maps to no vital
     * @param reason the refusal reason tag (e.g. {@code implausible_value})
     * @param sample identity of the sample (record name, time and value): a retransmission carries the same
     * @param detail the refusal's human-readable detail, shown as the latest cause
     */
    public List<Alarm> onRejectedRecord(String deviceId, String what, String reason, String sample, String detail,
                                        long now) {
        rules.rejected(deviceId, new RefusedSamples.Refusal(now, sample, what, reason, detail == null ? "" : detail));
        rules.evaluateSensorFault(deviceId, settings, now, dayIndex(now), book);
        return drainUnlessReplaying();
    }

    /** One refused record, as {@link #onRejectedRecord(String, String, String, String, String, long)} takes it. */
    public record Refused(String what, String reason, String sample, String detail) {
    }

    /**
     * The refused records of one pack, then the device's SENSOR-FAULT evaluated once: refusals only add to
     * its count, so it is raised or not as record by record, and no other rule reads refusals (their time
     * edges are the timer's, {@link #nextDueMillis}). Raised by a pack that brings the count from below the
     * threshold to above it, its text counts the whole pack ("4 distinct…"), not the threshold.
     */
    public List<Alarm> onRejectedRecords(String deviceId, List<Refused> refused, long now) {
        for (Refused r : refused) {
            rules.rejected(deviceId, new RefusedSamples.Refusal(now, r.sample(), r.what(), r.reason(),
                    r.detail() == null ? "" : r.detail()));
        }
        rules.evaluateSensorFault(deviceId, settings, now, dayIndex(now), book);
        return drainUnlessReplaying();
    }

    /**
     * Advances every timer to {@code now}. The shard calls it for a patient when {@link #nextDueMillis()}
     * has come, and for every patient every tick in the reference mode kept for the equivalence test.
     */
    public List<Alarm> onTick(long now) {
        tickedAt = now;
        evaluateRules(now);
        book.tick(now);
        return drainUnlessReplaying();
    }

    /**
     * Acknowledges an open alarm by a named user (required). Stops escalation and re-notification until
     * the re-alert time; resolves at once when the condition is already gone. Unknown or resolved id:
     * returns an empty list and counts a refusal.
     */
    public List<Alarm> acknowledge(String alarmId, String user, String note, long now) {
        if (user == null || user.isBlank() || !book.acknowledge(alarmId, user, note == null ? "" : note, now)) {
            refused++;
            return List.of();
        }
        return book.drain();
    }

    /** Shelves an open alarm for {@code durationMillis} (cut to the maximum); expires by itself on a tick. */
    public List<Alarm> shelve(String alarmId, String user, long durationMillis, long now) {
        if (user == null || user.isBlank() || durationMillis <= 0 || !book.shelve(alarmId, user, durationMillis, now)) {
            refused++;
            return List.of();
        }
        return book.drain();
    }

    /** Applies a per-patient settings change (who/when/why kept in {@link #overrides()}) and re-evaluates. */
    public List<Alarm> applyOverride(ThresholdOverride o) {
        overrides.add(o);
        settings = o.settings();
        book.escalation(settings.escalation());
        return evaluate(o.atMillis());
    }

    public List<ThresholdOverride> overrides() {
        return List.copyOf(overrides);
    }

    public ClinicalSettings settings() {
        return settings;
    }

    /** NEWS2 from fresh trusted values; partial, with {@code missing} listed, when anything is absent or stale. */
    public News2 news2(long now) {
        return rules.news2(settings, now);
    }

    /** Open alarms, most urgent first, then oldest onset first. */
    public List<Alarm> openAlarms() {
        return book.openAlarms();
    }

    /** Days since local midnight of the infusion date (D0 = 0.0 … 0.999). */
    public double dayPostInfusion(long now) {
        return (now - dayZeroMillis) / 86_400_000.0;
    }

    /** The D+N number shown to nurses. */
    public int dayIndex(long now) {
        return (int) Math.floorDiv(now - dayZeroMillis, 86_400_000L);
    }

    public Optional<Baseline> baseline(Vital vital, long now) {
        return rules.baseline(vital, settings, now);
    }

    /** Baseline per vital sign that has one, for the view's ±2 SD band. */
    public Map<Vital, Baseline> baselines(long now) {
        Map<Vital, Baseline> out = new EnumMap<>(Vital.class);
        for (Vital v : Vital.values()) {
            if (v.isVitalSign()) {
                rules.baseline(v, settings, now).ifPresent(b -> out.put(v, b));
            }
        }
        return out;
    }

    /**
     * The learned baselines no later sample can change any more, each returned once (to be written to the
     * journal, so a take-over restores them with {@link #restoreBaseline} instead of re-learning them).
     */
    public List<LearnedBaseline> closedBaselines() {
        return rules.closedBaselines(patientId, settings);
    }

    /** Restores a learned baseline written by {@link #closedBaselines}; it then takes no more samples. */
    public void restoreBaseline(LearnedBaseline b) {
        if (patientId.equals(b.patientId())) {
            rules.restoreBaseline(b);
        }
    }

    /** Antipyretic, tocilizumab and steroid entries, oldest first (clinical-spec §1.2 rule 2, §5.1). */
    public List<ManualEntry> therapies() {
        return rules.therapies();
    }

    /** When a repeat BP reading is due by, while a first hypotensive reading awaits confirmation. */
    public OptionalLong bpRecheckDueBy() {
        return rules.bpRecheckDueBy(settings);
    }

    public boolean offMonitoring() {
        return rules.offMonitoring();
    }

    /** Inputs refused since start (for a counter; never contains ids). */
    public long refusedInputs() {
        return refused;
    }

    /**
     * Starts replaying the journal at start-up. Until {@link #endReplay(long)}, feed every journaled
     * entry in journal order: readings via {@code onReading(r, r.receivedAtMillis())}, manual entries via
     * {@code onManualEntry(e, e.atMillis())}, device events via {@code onDeviceEvent(e, e.atMillis())},
     * alarm values via {@link #restoreAlarm}. Rule state (runs, baselines, NEWS2 inputs, gaps) is rebuilt,
     * but no alarm is created or changed and nothing is returned: the journaled alarm values are the truth.
     */
    public void beginReplay() {
        book.replaying(true);
    }

    /** Puts a journaled alarm value back; the newest value per id wins, a RESOLVED value closes it. */
    public void restoreAlarm(Alarm a) {
        if (patientId.equals(a.patientId())) {
            book.restore(a);
        }
    }

    public boolean replaying() {
        return book.replaying();
    }

    /**
     * Ends replay: evaluates every rule at {@code now} with alarm changes enabled. Conditions that hold
     * now and have a restored open alarm keep it (no duplicate); new ones raise; cleared ones resolve
     * (HIGH stays latched). A restored alarm that no rule reports any more (its device or inputs are gone
     * from the journal) is treated as cleared.
     */
    public List<Alarm> endReplay(long now) {
        book.replaying(false);
        evaluateRules(now);
        book.absentUnreported(now);
        book.tick(now);
        tickedAt = now;
        return book.drain();
    }

    /**
     * The earliest time at which {@link #onTick} could change an alarm or a rule's state if no input arrives
     * before then; {@code Long.MIN_VALUE} (due at once) before the first tick or while replaying. Never later
     * than the true time (a late deadline would be a missed alarm); it may be earlier, and that tick then
     * changes nothing. Recompute it after every input (reading, entry, device event, ack, shelve, threshold
     * change, replay end) and after every tick. Allocation-free apart from one small accumulator.
     *
     * <p>What it saves (issue 14): the shard used to run every rule of every patient every second (about
     * 4 µs and 180 B per patient per tick, 40 ms a second for 10,000 patients on this machine, TickBenchmark);
     * now a patient's rules run on a tick only when one of its time-driven checks can turn.
     */
    public long nextDueMillis() {
        if (tickedAt == Long.MIN_VALUE || book.replaying()) {
            return Long.MIN_VALUE;
        }
        DueTimes d = new DueTimes(tickedAt);
        book.dueTimes(d);
        rules.dueTimes(settings, d);
        // the day window (priorities, gap MEDIUM) changes at local midnight after D0
        d.at(dayZeroMillis + (Math.floorDiv(tickedAt - dayZeroMillis, 86_400_000L) + 1) * 86_400_000L);
        return d.earliest();
    }

    private List<Alarm> evaluate(long now) {
        evaluateRules(now);
        return drainUnlessReplaying();
    }

    private void evaluateRules(long now) {
        rules.evaluate(settings, now, dayIndex(now), book);
    }

    private List<Alarm> drainUnlessReplaying() {
        List<Alarm> out = book.drain();
        return book.replaying() ? List.of() : out;
    }
}
