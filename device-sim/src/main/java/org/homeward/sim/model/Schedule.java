package org.homeward.sim.model;

/** Sample instants of a device, as wall-clock offsets in milliseconds from the run start. */
interface Schedule {
    /** Wall offset of sample {@code k} (k ≥ 0); increasing in k. */
    long at(int k);

    /** Update time to announce ({@code ut}), seconds. */
    double utSeconds();

    static Schedule periodic(long phaseMillis, long intervalMillis) {
        return new Schedule() {
            @Override
            public long at(int k) {
                return phaseMillis + k * intervalMillis;
            }

            @Override
            public double utSeconds() {
                return intervalMillis / 1000.0;
            }
        };
    }

    /** Spot checks every {@code everyHours} of simulated time from {@code firstHour}. */
    static Schedule spot(RunProfile profile, double firstHour, double everyHours) {
        return new Schedule() {
            @Override
            public long at(int k) {
                return profile.wallMillisOf(firstHour + k * everyHours);
            }

            @Override
            public double utSeconds() {
                return Math.max(1, Math.round(everyHours * 3600.0 / profile.timeScale()));
            }
        };
    }
}
