package org.homeward.sim.net;

/**
 * What the TCP and UDP halves of one proxy share: the profile, the seed, the outage schedule and
 * the time origin (nanoseconds since the proxy started). Immutable apart from the thread-safe
 * schedule and counters.
 */
final class LinkConditions {
    private final NetProfile profile;
    private final long seed;
    private final OutageSchedule outages;
    private final ProxyStats stats;
    private final long origin = System.nanoTime();

    LinkConditions(NetProfile profile, long seed, ProxyStats stats) {
        this.profile = profile;
        this.seed = seed;
        this.outages = new OutageSchedule(profile, seed);
        this.stats = stats;
    }

    NetProfile profile() {
        return profile;
    }

    ProxyStats stats() {
        return stats;
    }

    OutageSchedule outages() {
        return outages;
    }

    /** Nanoseconds since the proxy started (the outage schedule's axis). */
    long now() {
        return System.nanoTime() - origin;
    }

    /** True when the link is down now. */
    boolean inOutage() {
        return outages.outageEndAt(now()) >= 0;
    }

    /** The seeded random stream number {@code stream} (flows × directions get distinct numbers). */
    LinkRandom random(long stream) {
        return new LinkRandom(profile, seed, stream);
    }
}
