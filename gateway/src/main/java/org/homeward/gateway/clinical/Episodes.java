package org.homeward.gateway.clinical;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which condition episodes have been reported, per rule, by the measurement time at which each turned on.
 * A late sample can reveal an episode that began and ended in the past (a buffered fever that had
 * already cleared by the newest sample): it is reported present once, so the alarm is raised (and a HIGH
 * one latches) exactly as it would have been in real time. Replaying an episode already reported does
 * not raise it again. Shard thread only.
 */
final class Episodes {
    private final Map<String, Long> reported = new HashMap<>();
    /** Rules last reported present only to reveal a past episode: their next evaluation reports them absent. */
    private final Set<String> revealed = new HashSet<>();

    /** True when the condition is on now, or turned on at {@code episodeAt} and that episode was never reported. */
    boolean present(String rule, boolean on, long episodeAt) {
        long last = reported.getOrDefault(rule, Long.MIN_VALUE);
        if (episodeAt > last) {
            reported.put(rule, episodeAt);
        }
        if (!on && episodeAt > last) {
            revealed.add(rule);
        } else {
            revealed.remove(rule);
        }
        return on || episodeAt > last;
    }

    /**
     * True when the last evaluation reported a past episode once: the next evaluation changes the alarm
     * (cleared, latched or resolved) with no input and no time edge, so the patient is due at the next tick.
     */
    boolean revealedOnce() {
        return !revealed.isEmpty();
    }

    boolean present(String rule, Sustained s) {
        return present(rule, s.on(), s.episodeAt());
    }
}
