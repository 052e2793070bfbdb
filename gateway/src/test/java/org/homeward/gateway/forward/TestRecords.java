package org.homeward.gateway.forward;

import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.records.JournalRecords;

/** Journal entries for tests. */
public final class TestRecords {
    public static final long T0 = 1_751_328_930_000L;

    private TestRecords() {
    }

    public static Reading reading(String patient, Vital vital, double value, int n) {
        return new Reading("dev-" + patient, patient, vital, value, T0 + n * 1000L, T0 + n * 1000L + 50,
                Quality.OK, vital.ucum(), false);
    }

    /** One READINGS entry with a temperature and a heart rate for each patient, values tagged by n. */
    public static byte[] vitals(int n, String... patients) {
        List<Reading> list = new ArrayList<>();
        for (String p : patients) {
            list.add(reading(p, Vital.TEMP, 36.0 + (n % 40) / 10.0, n));
            list.add(reading(p, Vital.HR, 60 + n % 100, n));
        }
        return JournalRecords.readings(list);
    }

    public static Alarm alarm(String patient, String id, AlarmState state, int n) {
        return new Alarm(id, patient, "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, Priority.HIGH, state, T0,
                T0 + n * 1000L, null, null, "temp 38.4 °C", 0, null);
    }
}
