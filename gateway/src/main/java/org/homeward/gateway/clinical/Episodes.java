package org.homeward.gateway.clinical;

import java.util.HashMap;
import java.util.Map;

/**
 * Which condition episodes have been reported, per rule, by the measurement time at which each turned on.
 * A late sample can reveal an episode that began and ended in the past (a buffered fever that had
 * already cleared by the newest sample): it is reported present once, so the alarm is raised (and a HIGH
 * one latches) exactly as it would have been in real time. Replaying an episode already reported does
 * not raise it again. Shard thread only.
 */
final class Episodes {
    private final Map<String, Long> reported = new HashMap<>();

    /** True when the condition is on now, or turned on at {@code episodeAt} and that episode was never reported. */
    boolean present(String rule, boolean on, long episodeAt) {
        long last = reported.getOrDefault(rule, Long.MIN_VALUE);
        if (episodeAt > last) {
            reported.put(rule, episodeAt);
        }
        return on || episodeAt > last;
    }

    boolean present(String rule, Sustained s) {
        return present(rule, s.on(), s.episodeAt());
    }
}
