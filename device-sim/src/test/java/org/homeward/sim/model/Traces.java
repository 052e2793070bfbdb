package org.homeward.sim.model;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: build traces without any network. */
final class Traces {
    private Traces() {
    }

    static RunProfile profile(double scale, Duration oximeter) {
        return new RunProfile(scale, null, null, null, oximeter, null, null);
    }

    static List<Emission> all(String scenario, long seed, int patientIndex, RunProfile profile) {
        PatientTrace t = new PatientTrace(PatientKit.pseudonymous(seed, patientIndex, ScenarioLibrary.load(scenario)), profile, seed);
        List<Emission> out = new ArrayList<>();
        t.forEachRemaining(out::add);
        return out;
    }

    static String csv(String scenario, long seed, int patients, RunProfile profile) {
        StringWriter sw = new StringWriter();
        TraceCsv csv = new TraceCsv(new PrintWriter(sw));
        for (int i = 0; i < patients; i++) {
            all(scenario, seed, i, profile).forEach(csv::write);
        }
        return sw.toString();
    }
}
