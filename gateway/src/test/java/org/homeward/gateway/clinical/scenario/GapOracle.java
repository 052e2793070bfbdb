package org.homeward.gateway.clinical.scenario;

import java.util.Set;
import org.homeward.gateway.domain.Reading;

/** The receive time of a device's last watched-stream reading at or before {@code before} (a dropout start). */
final class GapOracle implements ScenarioDriver.ReadingObserver {
    private final String deviceId;
    private final long before;
    private final Set<String> watched;
    private long lastSeen = -1;

    GapOracle(String deviceId, long before, Set<String> watched) {
        this.deviceId = deviceId;
        this.before = before;
        this.watched = watched;
    }

    @Override
    public void reading(Reading r, long now) {
        if (now <= before && r.deviceId().equals(deviceId) && watched.contains(r.vital().senmlName())) {
            lastSeen = Math.max(lastSeen, now);
        }
    }

    long lastSeen() {
        return lastSeen;
    }

    String deviceId() {
        return deviceId;
    }
}
