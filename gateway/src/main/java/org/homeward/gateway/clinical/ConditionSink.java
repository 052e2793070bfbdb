package org.homeward.gateway.clinical;

/**
 * Where rules report, on every evaluation, the level of each condition they own. Reports are
 * idempotent: saying "present" twice does not raise twice. Called on the shard thread only.
 */
interface ConditionSink {
    void present(Condition condition, long now);

    void absent(AlarmKey key, long now);

    /** True when a HIGH physiological alarm is open (used by DATA-GAP escalation to MEDIUM). */
    boolean anyOpenHighPhysiological();

    boolean isOpen(AlarmKey key);

    /** Reports a patient-level physiological rule: present with its evidence when {@code on}, else absent. */
    default void physiological(RuleContext c, String rule, boolean on, java.util.function.Supplier<String> evidence) {
        physiological(c, rule, on, evidence, 0);
    }

    /** As above, for a condition confirmed by a sample that arrived {@code lateMillis} after it was measured (0 = on time). */
    default void physiological(RuleContext c, String rule, boolean on, java.util.function.Supplier<String> evidence,
                               long lateMillis) {
        AlarmKey key = AlarmKey.patient(rule);
        if (on) {
            present(new Condition(key, org.homeward.gateway.domain.AlarmKind.PHYSIOLOGICAL, c.priority(rule), evidence,
                    lateMillis), c.now());
        } else {
            absent(key, c.now());
        }
    }
}
