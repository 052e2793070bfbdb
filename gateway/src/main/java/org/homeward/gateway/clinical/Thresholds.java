package org.homeward.gateway.clinical;

/**
 * Clinical and technical limits, in canonical units (°C, %, mmHg, /min). Every value is a
 * clinical-spec [P] proposal and must be signed off by the clinical owner; see docs/clinical.md.
 *
 * @param feverC               CRS-FEVER at or above (§1.2, ASTCT)
 * @param feverClearC          fever condition clears below this (hysteresis)
 * @param prefeverSd           CRS-PREFEVER at baseline mean + this many SD (§1.6 Mount Sinai "Ti")
 * @param prefeverClearMarginC pre-fever clears below threshold minus this margin
 * @param sbpLow               HYPOTENSION below (§1.7)
 * @param sbpFloor             HYPOTENSION below, kept even when {@code sbpLow} is lowered for a patient (§1.7)
 * @param sbpImmediate         below this, no repeat reading is awaited (§5.3)
 * @param sbpBaselineFraction  HYPOTENSION below this fraction of baseline ...
 * @param sbpBaselineCeiling   ... and below this value (§1.7)
 * @param spo2Low              HYPOXAEMIA below (§1.7)
 * @param spo2Clear            hypoxaemia clears at or above
 * @param tachyHr              TACHY at or above (NEWS2 = 3)
 * @param tachyClearHr         tachycardia clears below
 * @param bradyHr              BRADY at or below (NEWS2 = 3)
 * @param bradyClearHr         bradycardia clears at or above
 * @param news2High            NEWS2-HIGH at or above
 * @param news2Medium          NEWS2-MED at or above (or any single 3)
 * @param iceHighMax           ICANS-SUSPECT is HIGH at ICE at or below this, MEDIUM above it and below 10
 * @param batteryLowPercent    LOW-BATTERY below
 * @param batteryClearPercent  low battery clears at or above
 * @param offBodyTempC         patch temperature below this means off-body / poor contact (§4.1)
 * @param offBodyStepC         patch temperature step above this within the step window means off-body (§4.1)
 * @param motionActivity       activity ({@code act}, m/s², gravity removed) at or above this holds SpO2 alarms (§4.2)
 * @param sensorFaultCount     implausible values within the fault window that raise SENSOR-FAULT
 */
public record Thresholds(double feverC, double feverClearC, double prefeverSd, double prefeverClearMarginC,
                         double sbpLow, double sbpFloor, double sbpImmediate, double sbpBaselineFraction,
                         double sbpBaselineCeiling, double spo2Low, double spo2Clear, double tachyHr,
                         double tachyClearHr, double bradyHr, double bradyClearHr, int news2High, int news2Medium,
                         int iceHighMax, double batteryLowPercent, double batteryClearPercent, double offBodyTempC,
                         double offBodyStepC, double motionActivity, int sensorFaultCount) {

    public Thresholds {
        require(feverClearC <= feverC, "feverClearC must not exceed feverC");
        require(prefeverSd > 0 && prefeverClearMarginC >= 0, "prefever settings must be positive");
        require(sbpImmediate <= sbpLow && sbpFloor > 0 && sbpLow > 0, "sbpImmediate must not exceed sbpLow");
        require(sbpBaselineFraction > 0 && sbpBaselineFraction < 1, "sbpBaselineFraction must be in (0,1)");
        require(spo2Clear >= spo2Low, "spo2Clear must be at least spo2Low");
        require(tachyClearHr <= tachyHr && bradyClearHr >= bradyHr, "heart-rate hysteresis must widen the band");
        require(news2Medium > 0 && news2High > news2Medium, "news2High must exceed news2Medium > 0");
        require(iceHighMax >= 0 && iceHighMax < 10, "iceHighMax must be in 0..9");
        require(batteryClearPercent >= batteryLowPercent, "batteryClearPercent must be at least batteryLowPercent");
        require(offBodyStepC > 0 && motionActivity > 0 && sensorFaultCount > 0, "off-body/motion/fault limits > 0");
    }

    /** The clinical-spec [P] defaults. */
    public static Thresholds defaults() {
        return new Thresholds(38.0, 37.8, 2.0, 0.2, 90, 85, 80, 0.8, 100, 90, 92, 131, 125, 40, 45, 7, 5, 6,
                20, 25, 32.0, 1.5, 2.0, 3);
    }

    /** Copy with other hypoxaemia limits (e.g. a per-patient offset for pigmentation bias, §4.2). */
    public Thresholds withSpo2(double low, double clear) {
        return new Thresholds(feverC, feverClearC, prefeverSd, prefeverClearMarginC, sbpLow, sbpFloor, sbpImmediate,
                sbpBaselineFraction, sbpBaselineCeiling, low, clear, tachyHr, tachyClearHr, bradyHr, bradyClearHr,
                news2High, news2Medium, iceHighMax, batteryLowPercent, batteryClearPercent, offBodyTempC,
                offBodyStepC, motionActivity, sensorFaultCount);
    }

    /** Copy with other fever limits (e.g. a per-device-model site offset, §4.2). */
    public Thresholds withFever(double fever, double clear) {
        return new Thresholds(fever, clear, prefeverSd, prefeverClearMarginC, sbpLow, sbpFloor, sbpImmediate,
                sbpBaselineFraction, sbpBaselineCeiling, spo2Low, spo2Clear, tachyHr, tachyClearHr, bradyHr,
                bradyClearHr, news2High, news2Medium, iceHighMax, batteryLowPercent, batteryClearPercent,
                offBodyTempC, offBodyStepC, motionActivity, sensorFaultCount);
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
