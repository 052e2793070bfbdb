package org.homeward.gateway.device;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Back-off after repeated authentication failures, shared by the MQTT CONNECT check and DTLS
 * handshakes, kept per <em>identity</em> (a registered device id: wrong secrets or keys for it) and
 * per <em>address</em> only for failures without a known identity (unknown or missing device ids,
 * failed handshakes that never named one). Many devices share one public address behind
 * carrier-grade NAT: one device with a wrong secret backs off that device only, and a known device
 * is not refused because of an address's anonymous failures (issue 15; docs/security.md). Once {@code freeFailures} failures add up, the address is refused
 * for {@code initial}, doubling with each further failure up to {@code max}; a success or
 * {@code max} without failures clears it. Refusals during the back-off are not failures (they do
 * not lengthen it), so a device with a fixed secret recovers once its owner fixes it.
 *
 * <p>Threading: called concurrently from event loops and handshake threads; never blocks, never
 * throws. The table holds at most {@code maxAddresses}; when full, quiet entries are dropped first
 * and, failing that, new addresses are not tracked (counted by the caller as untracked).
 */
public final class AuthBackoff {
    /** Never backs off. */
    public static final AuthBackoff NONE = new AuthBackoff(0, Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
            Clock.systemUTC());

    private final int freeFailures;
    private final long initialMillis;
    private final long maxMillis;
    private final int maxAddresses;
    private final Clock clock;
    /** Keys: {@link InetAddress} for an address, {@link Identity} for a device id. */
    private final ConcurrentHashMap<Object, Entry> table = new ConcurrentHashMap<>();

    private record Identity(String deviceId) {
    }

    private static final class Entry {
        int failures;
        long lastFailureMillis;
        long blockedUntilMillis;
    }

    /**
     * @param freeFailures failures after which back-off starts (the next attempt is refused); 0 = off
     * @param initial      first refusal period
     * @param max          longest refusal period, and the quiet time after which an address is forgiven
     * @param maxAddresses most addresses tracked at once
     */
    public AuthBackoff(int freeFailures, Duration initial, Duration max, int maxAddresses, Clock clock) {
        this.freeFailures = freeFailures;
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    /** Milliseconds the address must still wait; 0 when it may try to authenticate. */
    public long blockedMillis(InetAddress address) {
        return blocked(address);
    }

    /** Milliseconds the device id must still wait; 0 when it may try to authenticate. */
    public long blockedMillis(String deviceId) {
        return deviceId == null ? 0 : blocked(new Identity(deviceId));
    }

    /** Records a failure for a known device id (wrong secret or key); returns the back-off now in force. */
    public long failed(String deviceId) {
        return deviceId == null ? 0 : fail(new Identity(deviceId));
    }

    /** A successful authentication of the device clears its identity (not its address). */
    public void succeeded(String deviceId) {
        if (deviceId != null && freeFailures > 0) {
            table.remove(new Identity(deviceId));
        }
    }

    private long blocked(Object key) {
        if (freeFailures == 0 || key == null) {
            return 0;
        }
        Entry e = table.get(key);
        if (e == null) {
            return 0;
        }
        synchronized (e) {
            return Math.max(0, e.blockedUntilMillis - clock.millis());
        }
    }

    /**
     * Records a failed authentication without a known identity from the address; returns the
     * back-off now in force (0 while below the threshold).
     */
    public long failed(InetAddress address) {
        return fail(address);
    }

    private long fail(Object key) {
        if (freeFailures == 0 || key == null) {
            return 0;
        }
        long now = clock.millis();
        Entry e = table.get(key);
        if (e == null) {
            if (table.size() >= maxAddresses && !evictQuiet(now)) {
                return 0;
            }
            e = table.computeIfAbsent(key, a -> new Entry());
        }
        synchronized (e) {
            if (now - e.lastFailureMillis > maxMillis && e.blockedUntilMillis < now) {
                e.failures = 0;
            }
            e.failures++;
            e.lastFailureMillis = now;
            int over = e.failures - freeFailures + 1;
            if (over <= 0) {
                return 0;
            }
            long period = over >= 31 ? maxMillis : Math.min(maxMillis, initialMillis << (over - 1));
            e.blockedUntilMillis = now + period;
            return period;
        }
    }

    /** A successful authentication clears the address. */
    public void succeeded(InetAddress address) {
        if (address != null && freeFailures > 0) {
            table.remove(address);
        }
    }

    /** Addresses currently tracked (for a gauge). */
    public int tracked() {
        return table.size();
    }

    private boolean evictQuiet(long now) {
        boolean any = false;
        for (Iterator<Map.Entry<Object, Entry>> it = table.entrySet().iterator(); it.hasNext(); ) {
            Entry e = it.next().getValue();
            synchronized (e) {
                if (e.blockedUntilMillis < now && now - e.lastFailureMillis > maxMillis / 4) {
                    it.remove();
                    any = true;
                }
            }
        }
        return any;
    }
}
