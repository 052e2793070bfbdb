package org.homeward.sim.net;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The bundled link profiles. Figures are one-way, per direction; sources and assumptions are in
 * {@code docs/network-simulation.md}. In short: 5G-A and 5G from 3GPP TS 22.261 / 38.913 user-plane
 * targets plus a core and internet path to a hospital data centre; 4G from public LTE drive-test
 * medians; the cell edge from the tail of the same measurements (low SINR, HARQ/RLC retransmissions,
 * radio-link failures and re-attachments with a new carrier-grade NAT mapping).
 */
public final class NetProfiles {
    private static final Map<String, NetProfile> BUNDLED = new LinkedHashMap<>();

    static {
        add(new NetProfile("none", Duration.ZERO, Duration.ZERO, 0, null, null, null, 0));
        add(new NetProfile("5g-a", ms(7), ms(1), 0.0001, null, null, null, 0));
        add(new NetProfile("5g", ms(15), ms(3), 0.001, null, null, Duration.ofMinutes(30), 0));
        add(new NetProfile("4g", ms(40), ms(10), 0.005, Duration.ofMinutes(60), Duration.ofSeconds(5),
                Duration.ofMinutes(10), 0));
        add(new NetProfile("cell-edge", ms(200), ms(50), 0.03, Duration.ofMinutes(3), Duration.ofSeconds(20),
                Duration.ofSeconds(60), 256_000));
    }

    private NetProfiles() {
    }

    private static void add(NetProfile p) {
        BUNDLED.put(p.name(), p);
    }

    private static Duration ms(long v) {
        return Duration.ofMillis(v);
    }

    /** The bundled profile of that name (case-insensitive), or an exception naming the choices. */
    public static NetProfile byName(String name) {
        NetProfile p = BUNDLED.get(name.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown profile '" + name + "'; choose one of " + BUNDLED.keySet());
        }
        return p;
    }

    /** Names of the bundled profiles, in order from best to worst. */
    public static Iterable<String> names() {
        return BUNDLED.keySet();
    }
}
