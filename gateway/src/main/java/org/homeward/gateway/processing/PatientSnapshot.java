package org.homeward.gateway.processing;

import org.homeward.gateway.domain.News2;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Vital;

/**
 * Everything the nurse board shows about one patient, at one instant. Immutable.
 *
 * @param patientId      pseudonym
 * @param displayLabel   local display label (resolved only inside the hospital), may equal the pseudonym
 * @param product        CAR-T product, may be empty
 * @param infusionDate   day 0
 * @param dayPostInfusion D+N at the time of the snapshot
 * @param latest         newest value per vital
 * @param news2          current NEWS2 (null when no parameter is available)
 * @param openAlarms     alarms not yet resolved, most urgent first
 * @param devices        the patient's devices
 * @param lastDataMillis newest reading of any vital, 0 if none
 * @param baselines      the patient's baseline per vital that has one (for the view's band); may be empty
 */
public record PatientSnapshot(String patientId, String displayLabel, String product, LocalDate infusionDate,
                              int dayPostInfusion, Map<Vital, LatestValue> latest, News2 news2,
                              List<Alarm> openAlarms, List<DeviceStatus> devices, long lastDataMillis,
                              Map<Vital, VitalBaseline> baselines) {
    public PatientSnapshot {
        latest = Map.copyOf(latest);
        baselines = Map.copyOf(baselines);
        openAlarms = List.copyOf(openAlarms);
        devices = List.copyOf(devices);
    }

    /** A snapshot without baselines (callers that have no clinical layer). */
    public PatientSnapshot(String patientId, String displayLabel, String product, LocalDate infusionDate,
                           int dayPostInfusion, Map<Vital, LatestValue> latest, News2 news2,
                           List<Alarm> openAlarms, List<DeviceStatus> devices, long lastDataMillis) {
        this(patientId, displayLabel, product, infusionDate, dayPostInfusion, latest, news2, openAlarms, devices,
                lastDataMillis, Map.of());
    }
}
