package org.homeward.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.homeward.gateway.app.AlarmJournal;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.Forwarders;

/**
 * The forwarders once they are started, for {@code /health}: the HTTP server starts (and answers) before
 * them, so until then readiness sees no forwarder and the technical alarms no sink. Thread-safe: set once
 * by the composition root, read on HTTP threads; never blocks.
 */
final class StartedForwarders {
    private final AtomicReference<Forwarders> started = new AtomicReference<>();

    void set(Forwarders forwarders) {
        started.set(forwarders);
    }

    /** The forwarders, empty before they started. */
    List<Forwarder> list() {
        Forwarders f = started.get();
        return f == null ? List.of() : f.forwarders();
    }

    /**
     * The shards' technical alarms, alarm journaling's, and, once the forwarders run, every sink's
     * FORWARD-SINK-DOWN.
     */
    List<Map<String, Object>> technicalAlarms(List<Map<String, Object>> processingAlarms, AlarmJournal alarmJournal) {
        List<Map<String, Object>> all = new ArrayList<>(processingAlarms);
        all.addAll(alarmJournal.technicalAlarms());
        Forwarders f = started.get();
        if (f != null) {
            all.addAll(f.technicalAlarms());
        }
        return all;
    }
}
