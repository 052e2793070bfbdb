package org.homeward.gateway.clinical;

import static org.homeward.gateway.clinical.Thresholds.require;

/**
 * Persistence (alarm-condition delay), hysteresis and hold times, in milliseconds (clinical-spec §4.2, §5.3, §5.4).
 * Persistence is judged on measurement times: the abnormal samples themselves must span the delay, so a
 * sensor that goes silent can never confirm an alarm.
 *
 * @param tempMinSamples         consecutive valid samples for a continuous fever / pre-fever
 * @param tempSpanMillis         ... spanning at least this long
 * @param tempClearMillis        temperature below the clear level for this long clears the condition
 * @param spo2Millis             SpO2 below the limit for this long raises HYPOXAEMIA
 * @param spo2ClearMillis        SpO2 at or above the clear level for this long clears it
 * @param tachyMillis            HR at or above the tachycardia limit for this long
 * @param bradyMillis            HR at or below the bradycardia limit for this long
 * @param hrClearMillis          HR back inside the clear band for this long
 * @param bpRepeatMinMillis      a confirming BP repeat counts from this long after the first reading ...
 * @param bpRepeatMaxMillis      ... up to this long after it
 * @param raiseUnconfirmedBp     when no repeat arrives in the window, raise HYPOTENSION anyway (marked unconfirmed)
 * @param news2Millis            NEWS2 at or above a trigger for this long raises NEWS2-MED / NEWS2-HIGH
 * @param maxHoldMillis          low-confidence SpO2 may hold alarms this long, then UNABLE-TO-MEASURE (§4.2)
 * @param poorSignalMillis       a device sending only low-confidence readings this long raises POOR-SIGNAL
 * @param motionReleaseMillis    SpO2 stays held this long after the last high-activity sample
 * @param offBodyStepWindowMillis window for the patch temperature step test
 * @param sensorFaultWindowMillis window in which implausible values are counted
 * @param neuroOverdueLowMillis  NEURO-CHECK-OVERDUE LOW this long after the due time (§5.4 spot checks)
 * @param neuroOverdueMediumMillis ... MEDIUM this long after it
 * @param baselineWindowMillis   the individual baseline is learned from the first this-long of data
 * @param baselineMinSamples     a learned baseline needs at least this many valid samples
 * @param offlineDelayMillis     DEVICE-OFFLINE waits this long after a disconnect (0 = at once)
 * @param motionMaxHoldMillis    while the accelerometer shows motion, held SpO2 raises UNABLE-TO-MEASURE only after
 *                               this long, at the priority of {@link Rules#UNABLE_TO_MEASURE_MOVING} (not in the
 *                               clinical spec; docs/clinical.md "Motion"); {@code maxHoldMillis} otherwise
 * @param motionPoorSignalMillis while the accelerometer shows motion, a vital arriving only as low-confidence raises
 *                               POOR-SIGNAL only after this long; {@code poorSignalMillis} otherwise
 * @param news2Spo2ConfirmMillis NEWS2 scores the higher of the newest trusted SpO2 and the trusted one before it when
 *                               that one is at most this much older, so one sample alone never lowers the score's
 *                               SpO2 (a motion-onset artefact); 0 = the newest sample alone (clinical-spec §2 as written)
 */
public record Delays(int tempMinSamples, long tempSpanMillis, long tempClearMillis, long spo2Millis,
                     long spo2ClearMillis, long tachyMillis, long bradyMillis, long hrClearMillis,
                     long bpRepeatMinMillis, long bpRepeatMaxMillis, boolean raiseUnconfirmedBp, long news2Millis,
                     long maxHoldMillis, long poorSignalMillis, long motionReleaseMillis,
                     long offBodyStepWindowMillis, long sensorFaultWindowMillis, long neuroOverdueLowMillis,
                     long neuroOverdueMediumMillis, long baselineWindowMillis, int baselineMinSamples,
                     long offlineDelayMillis, long motionMaxHoldMillis, long motionPoorSignalMillis,
                     long news2Spo2ConfirmMillis) {
    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    /** Default of {@code motionMaxHoldMillis}. */
    public static final long MOTION_MAX_HOLD = 10 * MINUTE;
    /** Default of {@code motionPoorSignalMillis}. */
    public static final long MOTION_POOR_SIGNAL = 10 * MINUTE;
    /** Default of {@code news2Spo2ConfirmMillis}. */
    public static final long NEWS2_SPO2_CONFIRM = 2 * MINUTE;

    public Delays {
        require(tempMinSamples >= 1 && baselineMinSamples >= 2, "sample counts too small");
        require(bpRepeatMinMillis <= bpRepeatMaxMillis, "bpRepeatMinMillis must not exceed bpRepeatMaxMillis");
        require(neuroOverdueLowMillis <= neuroOverdueMediumMillis, "neuro overdue LOW must come before MEDIUM");
        for (long v : new long[] {tempSpanMillis, tempClearMillis, spo2Millis, spo2ClearMillis, tachyMillis,
                bradyMillis, hrClearMillis, bpRepeatMinMillis, news2Millis, maxHoldMillis, poorSignalMillis,
                motionReleaseMillis, offBodyStepWindowMillis, sensorFaultWindowMillis, neuroOverdueLowMillis,
                baselineWindowMillis, offlineDelayMillis, motionMaxHoldMillis, motionPoorSignalMillis,
                news2Spo2ConfirmMillis}) {
            require(v >= 0, "delays must not be negative");
        }
    }

    /** The settings before the motion and NEWS2 SpO2 confirmation settings existed; those get their defaults. */
    public Delays(int tempMinSamples, long tempSpanMillis, long tempClearMillis, long spo2Millis, long spo2ClearMillis,
                  long tachyMillis, long bradyMillis, long hrClearMillis, long bpRepeatMinMillis, long bpRepeatMaxMillis,
                  boolean raiseUnconfirmedBp, long news2Millis, long maxHoldMillis, long poorSignalMillis,
                  long motionReleaseMillis, long offBodyStepWindowMillis, long sensorFaultWindowMillis,
                  long neuroOverdueLowMillis, long neuroOverdueMediumMillis, long baselineWindowMillis,
                  int baselineMinSamples, long offlineDelayMillis) {
        this(tempMinSamples, tempSpanMillis, tempClearMillis, spo2Millis, spo2ClearMillis, tachyMillis, bradyMillis,
                hrClearMillis, bpRepeatMinMillis, bpRepeatMaxMillis, raiseUnconfirmedBp, news2Millis, maxHoldMillis,
                poorSignalMillis, motionReleaseMillis, offBodyStepWindowMillis, sensorFaultWindowMillis,
                neuroOverdueLowMillis, neuroOverdueMediumMillis, baselineWindowMillis, baselineMinSamples,
                offlineDelayMillis, MOTION_MAX_HOLD, MOTION_POOR_SIGNAL, NEWS2_SPO2_CONFIRM);
    }

    /** The clinical-spec [P] defaults, and this project's motion and NEWS2 SpO2 defaults (docs/clinical.md). */
    public static Delays defaults() {
        return new Delays(2, 4 * MINUTE, 10 * MINUTE, 30 * SECOND, 60 * SECOND, 2 * MINUTE, 60 * SECOND,
                60 * SECOND, 2 * MINUTE, 5 * MINUTE, true, 60 * SECOND, 2 * MINUTE, 60 * SECOND, 30 * SECOND,
                2 * MINUTE, 10 * MINUTE, 30 * MINUTE, 2 * HOUR, 24 * HOUR, 10, 0);
    }

    /** Copy with other motion holds (UNABLE-TO-MEASURE and POOR-SIGNAL persistence while the patient moves). */
    public Delays withMotionHolds(long maxHold, long poorSignal) {
        return new Delays(tempMinSamples, tempSpanMillis, tempClearMillis, spo2Millis, spo2ClearMillis, tachyMillis,
                bradyMillis, hrClearMillis, bpRepeatMinMillis, bpRepeatMaxMillis, raiseUnconfirmedBp, news2Millis,
                maxHoldMillis, poorSignalMillis, motionReleaseMillis, offBodyStepWindowMillis, sensorFaultWindowMillis,
                neuroOverdueLowMillis, neuroOverdueMediumMillis, baselineWindowMillis, baselineMinSamples,
                offlineDelayMillis, maxHold, poorSignal, news2Spo2ConfirmMillis);
    }

    /** Copy with another NEWS2 SpO2 confirmation window (0 = score the newest trusted sample alone). */
    public Delays withNews2Spo2Confirm(long millis) {
        return new Delays(tempMinSamples, tempSpanMillis, tempClearMillis, spo2Millis, spo2ClearMillis, tachyMillis,
                bradyMillis, hrClearMillis, bpRepeatMinMillis, bpRepeatMaxMillis, raiseUnconfirmedBp, news2Millis,
                maxHoldMillis, poorSignalMillis, motionReleaseMillis, offBodyStepWindowMillis, sensorFaultWindowMillis,
                neuroOverdueLowMillis, neuroOverdueMediumMillis, baselineWindowMillis, baselineMinSamples,
                offlineDelayMillis, motionMaxHoldMillis, motionPoorSignalMillis, millis);
    }
}
