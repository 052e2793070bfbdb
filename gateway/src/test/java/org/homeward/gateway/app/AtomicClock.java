package org.homeward.gateway.app;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock that reads a value the test moves (shard threads see every change). */
final class AtomicClock extends Clock {
    private final AtomicLong now;

    AtomicClock(AtomicLong now) {
        this.now = now;
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return Instant.ofEpochMilli(now.get()); }
    @Override public long millis() { return now.get(); }
}
