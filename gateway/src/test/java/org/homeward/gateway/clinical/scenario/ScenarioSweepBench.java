package org.homeward.gateway.clinical.scenario;

import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The larger sweep behind the figures in docs/clinical.md ("Scenario suite"); not in the default run
 * (group {@code bench}, which the surefire configuration fixes). Every scenario is played whole. Run it
 * through {@link #main} with the test class path (arguments: seeds per scenario, normal-week patients, threads):
 * <pre>
 * mvn -B -o -q -pl gateway -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/cp.txt) \
 *     org.homeward.gateway.clinical.scenario.ScenarioSweepBench 4 4 2
 * </pre>
 * The figures are printed as Markdown on standard output.
 */
@Tag("bench")
class ScenarioSweepBench {
    static List<ScenarioCase> sweep(int seeds, int normalPatients) {
        List<ScenarioCase> cases = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            for (String s : List.of("crs-grade1", "crs-grade2", "infection-fever", "hypotension", "isolated-hypoxaemia",
                    "device-faults")) {
                cases.add(new ScenarioCase(s, seed, 0, 0));
            }
        }
        for (int p = 0; p < normalPatients; p++) {
            cases.add(new ScenarioCase("normal-week", 42, p, 0));
        }
        return cases;
    }

    @Test
    void printFigures() throws Exception {
        int threads = Integer.getInteger("sweep.threads", 2);
        List<ScenarioCase> cases = sweep(Integer.getInteger("sweep.seeds", 6), Integer.getInteger("sweep.patients", 6));
        long t0 = System.nanoTime();
        List<Outcome> outcomes = new ScenarioSuite(ClinicalSettings.defaults()).play(cases, threads, 120);
        System.out.println(SuiteFigures.markdown(outcomes, (System.nanoTime() - t0) / 1e9));
    }

    /** The same sweep from a plain JVM: {@code java -cp <test class path> …ScenarioSweepBench seeds patients threads}. */
    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int patients = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long t0 = System.nanoTime();
        List<Outcome> outcomes = new ScenarioSuite(ClinicalSettings.defaults()).play(sweep(seeds, patients), threads, 120);
        System.out.println(SuiteFigures.markdown(outcomes, (System.nanoTime() - t0) / 1e9));
    }
}
