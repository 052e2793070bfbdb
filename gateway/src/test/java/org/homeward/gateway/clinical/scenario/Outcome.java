package org.homeward.gateway.clinical.scenario;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One played case: the run, the persistence oracle of each watched rule, and the gap oracles.
 *
 * @param oracles  rule → independent persistence oracle over the same readings
 * @param gaps     device kind → last watched reading before that kind's first 10-minute dropout (normal-week)
 * @param cpuMillis CPU time of the thread that played it (simulator, codec, monitor, oracles)
 */
record Outcome(ScenarioCase c, ScenarioRun run, Map<String, RunOracle> oracles, Map<String, GapOracle> gaps,
               long cpuMillis) {

    /**
     * The reference instant of "the threshold was crossed" for {@code rule}: the first sample of the first
     * run that met the persistence rule (hypotension: the first reading below 90 mmHg, a spot check).
     */
    OptionalLong crossing(String rule) {
        RunOracle o = oracles.get(rule);
        long t = o == null ? -1 : o.qualifiedRunStart();
        return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
    }

    /** The first alarm of {@code rule} raised in the run. */
    OptionalLong alarm(String rule) {
        return run.firstRaised(rule, run.startMillis);
    }

    OptionalLong trueCrossing(String rule) {
        return run.trueCrossing(ScenarioCase.TRUTH.get(rule));
    }
}
