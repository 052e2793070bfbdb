package org.homeward.gateway.processing;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import org.homeward.gateway.journal.Journal;

/** Builds running shards for tests, as the gateway does after an empty replay. */
final class Processing {
    private Processing() {
    }

    static PatientShards shards(Journal journal, ShardSettings settings, ClinicalRules rules, MeterRegistry meters) {
        PatientShards shards = new PatientShards(settings, new JournalReadingLog(journal, meters), rules, LiveListener.NONE, a -> { }, Clock.systemUTC(),
                ZoneOffset.UTC, meters);
        shards.replayDone();
        shards.start();
        return shards;
    }
}
