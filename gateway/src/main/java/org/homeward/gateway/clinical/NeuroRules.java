package org.homeward.gateway.clinical;

import static org.homeward.gateway.domain.AlarmKind.PHYSIOLOGICAL;
import static org.homeward.gateway.domain.AlarmKind.TECHNICAL;

import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Priority;

/**
 * ICANS-SUSPECT and NEURO-CHECK-OVERDUE (clinical-spec §1.3–1.4, §1.7, §5.4). Wearables do not detect
 * ICANS, so both come from manual entries. ICE ≤ {@code iceHighMax} or a seizure → HIGH; ICE 7–9 or
 * caregiver-reported new confusion → MEDIUM. A seizure or confusion report stays a present condition
 * until a later full ICE (10/10) or, for confusion, a "no confusion" entry. Never assigns a grade.
 */
final class NeuroRules {
    private int ice = -1;
    private long iceAt;
    private String iceUser = "";
    private long fullIceAt = Long.MIN_VALUE;
    private long seizureAt = Long.MIN_VALUE;
    private String seizureBy = "";
    private long confusionAt = Long.MIN_VALUE;
    private long confusionClearedAt = Long.MIN_VALUE;
    private String confusionText = "";
    private long dueAt = -1;
    private long dueSetAt;

    void onIce(int score, long at, String user) {
        if (at < iceAt) {
            return;
        }
        ice = score;
        iceAt = at;
        iceUser = user;
        if (score == 10) {
            fullIceAt = at;
        }
        if (dueAt >= 0 && at >= dueSetAt) {
            dueAt = -1;
        }
    }

    void onSeizure(long at, String user) {
        seizureAt = Math.max(seizureAt, at);
        seizureBy = user;
    }

    void onConfusion(boolean present, long at, String text) {
        if (present) {
            confusionAt = Math.max(confusionAt, at);
            confusionText = text;
        } else {
            confusionClearedAt = Math.max(confusionClearedAt, at);
        }
    }

    void onCheckDue(long due, long setAt) {
        dueAt = due;
        dueSetAt = setAt;
    }

    void evaluate(RuleContext c, ConditionSink sink) {
        Thresholds t = c.settings().thresholds();
        List<String> why = new ArrayList<>();
        Priority p = null;
        if (seizureAt != Long.MIN_VALUE && seizureAt > fullIceAt) {
            p = Priority.HIGH;
            why.add("seizure reported at " + Times.hm(seizureAt, c.settings().zone()) + by(seizureBy));
        }
        if (ice >= 0 && ice < 10) {
            Priority q = ice <= t.iceHighMax() ? Priority.HIGH : Priority.MEDIUM;
            p = max(p, q);
            why.add("ICE " + ice + "/10 at " + Times.hm(iceAt, c.settings().zone()) + by(iceUser));
        }
        if (confusionAt != Long.MIN_VALUE && confusionAt > Math.max(fullIceAt, confusionClearedAt)) {
            p = max(p, Priority.MEDIUM);
            why.add("new confusion reported at " + Times.hm(confusionAt, c.settings().zone())
                    + (confusionText.isEmpty() ? "" : " (" + confusionText + ")"));
        }
        AlarmKey key = AlarmKey.patient(Rules.ICANS_SUSPECT);
        if (p == null) {
            sink.absent(key, c.now());
        } else {
            sink.present(new Condition(key, PHYSIOLOGICAL, p, () -> String.join("; ", why)), c.now());
        }
        overdue(c, sink);
    }

    /** NEURO-CHECK-OVERDUE turns LOW and then MEDIUM as time passes after the due time. */
    void dueTimes(ClinicalSettings s, DueTimes d) {
        if (dueAt >= 0) {
            d.elapsed(dueAt, s.delays().neuroOverdueLowMillis());
            d.elapsed(dueAt, s.delays().neuroOverdueMediumMillis());
        }
    }

    private void overdue(RuleContext c, ConditionSink sink) {
        Delays d = c.settings().delays();
        AlarmKey key = AlarmKey.patient(Rules.NEURO_CHECK_OVERDUE);
        long late = dueAt < 0 ? -1 : c.now() - dueAt;
        if (late < 0 || late < d.neuroOverdueLowMillis()) {
            sink.absent(key, c.now());
            return;
        }
        Priority p = late >= d.neuroOverdueMediumMillis() ? Priority.MEDIUM : Priority.LOW;
        sink.present(new Condition(key, TECHNICAL, p, () -> "neuro check (ICE) due " + Times.iso(dueAt) + ", overdue by "
                + Times.minutes(late)), c.now());
    }

    private static String by(String user) {
        return user.isEmpty() ? "" : " by " + user;
    }

    private static Priority max(Priority a, Priority b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
