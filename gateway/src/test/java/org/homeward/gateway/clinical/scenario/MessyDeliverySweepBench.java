package org.homeward.gateway.clinical.scenario;

import java.util.List;
import java.util.stream.LongStream;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The messy-delivery suite on more seeds (docs/clinical.md, "Messy delivery"); not in the default run (group
 * {@code bench}). Prints the same table as {@link MessyDeliverySuiteTest} and asserts nothing:
 * run it through {@link #main} with the test class path as
 * {@link ScenarioSweepBench} shows (arguments: seeds, threads).
 */
@Tag("bench")
class MessyDeliverySweepBench {
    @Test
    void printFigures() throws Exception {
        System.out.println(figures(Integer.getInteger("sweep.seeds", 10), Integer.getInteger("sweep.threads", 2)));
    }

    static String figures(int seeds, int threads) throws Exception {
        List<MessyDeliverySuite.DeliveryClass> classes = MessyDeliverySuite.classes(LongStream.rangeClosed(1, seeds).toArray());
        long t0 = System.nanoTime();
        List<MessyDeliverySuite.Result> results = new MessyDeliverySuite(ClinicalSettings.defaults()).play(classes, threads, 60);
        return MessyDeliveryFigures.markdown(classes, results, (System.nanoTime() - t0) / 1e9);
    }

    public static void main(String[] args) throws Exception {
        System.out.println(figures(args.length > 0 ? Integer.parseInt(args[0]) : 10, args.length > 1 ? Integer.parseInt(args[1]) : 2));
    }
}
