package org.homeward.gateway.web;

import org.homeward.gateway.app.AlarmCommands;
import org.homeward.gateway.app.AlarmCommandException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.ManualEntry;

/** Applies commands to a FakePatientQuery and announces changed alarms to the hub, like a shard would. */
final class FakeAlarmCommands implements AlarmCommands {
    final List<ManualEntry> entries = new CopyOnWriteArrayList<>();
    private final FakePatientQuery query;
    private final LiveHub hub;
    private final Clock clock;

    FakeAlarmCommands(FakePatientQuery query, LiveHub hub, Clock clock) {
        this.query = query;
        this.hub = hub;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Alarm> acknowledge(String alarmId, String user, String note) {
        return change(alarmId, AlarmState.ACKNOWLEDGED, user, note);
    }

    @Override
    public CompletableFuture<Alarm> shelve(String alarmId, String user, int minutes, String note) {
        return change(alarmId, AlarmState.SHELVED, user, note);
    }

    @Override
    public CompletableFuture<Void> addManualEntry(ManualEntry entry) {
        entries.add(entry);
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Alarm> change(String id, AlarmState state, String user, String note) {
        Alarm a = query.alarms.get(id);
        if (a == null) {
            return CompletableFuture.failedFuture(new AlarmCommandException(AlarmCommandException.Reason.NOT_FOUND,
                    "no such alarm"));
        }
        if (a.state() == AlarmState.RESOLVED) {
            return CompletableFuture.failedFuture(new AlarmCommandException(AlarmCommandException.Reason.CONFLICT,
                    "alarm already resolved"));
        }
        Alarm changed = new Alarm(a.id(), a.patientId(), a.rule(), a.kind(), a.priority(), state, a.onsetMillis(),
                Math.max(clock.millis(), a.changedAtMillis() + 1), user, note, a.evidence(), a.escalationLevel(),
                a.deviceId());
        query.put(changed);
        // Completed on another thread, as a shard would.
        return CompletableFuture.supplyAsync(() -> {
            hub.onAlarm(changed);
            return changed;
        });
    }
}
