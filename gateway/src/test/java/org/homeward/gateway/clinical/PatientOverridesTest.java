package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.PATCH;
import static org.homeward.gateway.clinical.Fixture.PATIENT;
import static org.homeward.gateway.clinical.Fixture.S;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.domain.News2;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.domain.ThresholdValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-patient threshold changes through the API's values: applied at once, kept with who/when/why, replayed. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PatientOverridesTest {
    static final ThresholdValues DEFAULTS = PatientOverrides.values(ClinicalSettings.defaults());

    static ThresholdValues with(String field, double v) {
        var m = new java.util.LinkedHashMap<String, Number>(DEFAULTS.asMap());
        m.put(field, v);
        return ThresholdValues.of(m);
    }

    static ThresholdChange change(ThresholdValues after, long at, String reason) {
        return new ThresholdChange(PATIENT, null, after, "admin-a", at, reason);
    }

    @Test
    void programmeValuesRoundTripAndKeepTheirHysteresisDistance() {
        assertThat(DEFAULTS).isEqualTo(new ThresholdValues(38.0, 2, 4, 90, 90, 131, 40, 1));
        ClinicalSettings s = PatientOverrides.apply(ClinicalSettings.defaults(), with("feverC", 38.5));
        assertThat(s.thresholds().feverC()).isEqualTo(38.5);
        assertThat(s.thresholds().feverClearC()).isCloseTo(38.3, org.assertj.core.api.Assertions.within(1e-9));
        ClinicalSettings o = PatientOverrides.apply(ClinicalSettings.defaults(), with("spo2Low", 95));
        assertThat(o.thresholds().spo2Clear()).isEqualTo(97);
        assertThat(PatientOverrides.values(o)).isEqualTo(with("spo2Low", 95));
    }

    @Test
    void aLoweredSpo2LimitStopsANormalisedReadingFromAlarmingAndARaisedOneStartsIt() {
        Fixture f = new Fixture();
        f.collect(PatientOverrides.apply(f.monitor, change(with("spo2Low", 92), f.now, "post-op target 94 %")));
        f.stream(OXI, Vital.SPO2, 91, S, 40 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).as("91 %% is below the patient's 92 %% limit").isPresent();

        Fixture g = new Fixture();
        g.stream(OXI, Vital.SPO2, 89, S, 20 * S);
        g.collect(PatientOverrides.apply(g.monitor, change(with("spo2Low", 88), g.now, "COPD, target 88-92")));
        g.stream(OXI, Vital.SPO2, 89, S, 60 * S);
        assertThat(g.open(Rules.HYPOXAEMIA)).as("89 %% is fine with the patient's 88 %% limit").isEmpty();
    }

    @Test
    void aRaisedFeverLimitIsAppliedAtOnceAndTheHistoryKeepsBeforeAfterWhoWhenWhy() {
        Fixture f = new Fixture();
        List<Alarm> changed = f.collect(PatientOverrides.apply(f.monitor,
                change(with("feverC", 37.5), f.now, "neutropenic, Dr B")));
        assertThat(changed).isEmpty();
        f.stream(PATCH, Vital.TEMP, 37.7, 2 * MIN, 6 * MIN);
        assertThat(f.open(Rules.CRS_FEVER)).as("37.7 °C is a fever for this patient").isPresent();

        PatientThresholds view = PatientOverrides.view(PATIENT, ClinicalSettings.defaults(), f.monitor);
        assertThat(view.current().feverC()).isEqualTo(37.5);
        assertThat(view.programme().feverC()).isEqualTo(38.0);
        assertThat(view.history()).singleElement().satisfies(h -> {
            assertThat(h.before().feverC()).isEqualTo(38.0);
            assertThat(h.after().feverC()).isEqualTo(37.5);
            assertThat(h.user()).isEqualTo("admin-a");
            assertThat(h.reason()).isEqualTo("neutropenic, Dr B");
            assertThat(h.atMillis()).isEqualTo(Fixture.D2);
        });
    }

    @Test
    void scaleTwoIsChosenPerPatientAndShownInTheScore() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.SPO2, 89);
        f.manual(ManualEntry.Kind.SUPPLEMENTAL_OXYGEN, 0, null);
        News2 scale1 = f.monitor.news2(f.now);
        assertThat(scale1.parts().get("spo2")).isEqualTo(3);
        assertThat(scale1.spo2Scale()).isEqualTo(1);
        f.collect(PatientOverrides.apply(f.monitor, change(with("news2Spo2Scale", 2), f.now, "hypercapnic, Dr B")));
        News2 scale2 = f.monitor.news2(f.now);
        assertThat(scale2.parts().get("spo2")).isZero();
        assertThat(scale2.spo2Scale()).isEqualTo(2);
        f.manual(ManualEntry.Kind.SUPPLEMENTAL_OXYGEN, 2, null);
        f.advance(Fixture.S); // a sample of its own (the same device, time and value again would be a retransmission)
        f.read(OXI, Vital.SPO2, 97);
        assertThat(f.monitor.news2(f.now).parts().get("spo2")).as("a lone 97 %% on oxygen is not confirmed yet")
                .isZero();
        f.advance(Fixture.S);
        f.read(OXI, Vital.SPO2, 97);
        assertThat(f.monitor.news2(f.now).parts().get("spo2")).as("97 %% on oxygen, scale 2, confirmed").isEqualTo(3);
    }

    @Test
    void replayRestoresChangesInJournalOrderAndRaisesOnlyAtTheEnd() {
        Fixture live = new Fixture();
        Fixture replayed = new Fixture();
        replayed.monitor.beginReplay();
        List<Object> journal = new ArrayList<>();
        journal.add(change(with("spo2Low", 92), live.now, "first"));
        journal.add(change(with("spo2Low", 93), live.now + S, "second"));
        for (int i = 0; i < 40; i++) {
            long at = live.now + 2 * S + i * S;
            journal.add(new Reading(OXI, PATIENT, Vital.SPO2, 92.0, at, at, Quality.OK, "%", false));
        }
        for (Object e : journal) {
            List<Alarm> out = e instanceof ThresholdChange c ? PatientOverrides.apply(replayed.monitor, c)
                    : replayed.monitor.onReading((Reading) e, ((Reading) e).receivedAtMillis());
            assertThat(out).as("nothing is raised while replaying").isEmpty();
        }
        long end = live.now + 45 * S;
        List<Alarm> raised = replayed.monitor.endReplay(end);
        assertThat(raised).as("92 %% for 40 s is below the replayed 93 %% limit")
                .anyMatch(a -> a.rule().equals(Rules.HYPOXAEMIA));
        PatientThresholds view = PatientOverrides.view(PATIENT, ClinicalSettings.defaults(), replayed.monitor);
        assertThat(view.history()).extracting(ThresholdChange::reason).containsExactly("first", "second");
        assertThat(view.history().get(1).before().spo2Low()).isEqualTo(92);
        assertThat(view.current().spo2Low()).isEqualTo(93);
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> with("feverC", 41)).hasMessageContaining("feverC must be between 37.5 and 40");
        assertThatThrownBy(() -> with("news2Spo2Scale", 3)).hasMessageContaining("news2Spo2Scale");
        assertThatThrownBy(() -> with("feverSamples", 1.5)).hasMessageContaining("feverSamples must be a whole number");
        assertThatThrownBy(() -> change(DEFAULTS, 0, " ")).hasMessageContaining("reason");
        for (ThresholdValues.Field fld : ThresholdValues.FIELDS) {
            // every value the API accepts is one the clinical settings accept
            PatientOverrides.apply(ClinicalSettings.defaults(), with(fld.name(), fld.min()));
            PatientOverrides.apply(ClinicalSettings.defaults(), with(fld.name(), fld.max()));
        }
    }
}
