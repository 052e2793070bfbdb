package org.homeward.gateway.records;

import java.util.HexFormat;
import java.util.List;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;

/**
 * A READINGS journal entry in format version 1, byte for byte as gateways before the compact record
 * wrote it ({@code DataOutputStream}, {@code writeUTF}), and the readings it holds: old journals must replay.
 */
public final class OldReadingsEntry {
    static final long T = 1_764_057_600_000L;
    /** What {@link #bytes()} holds. */
    public static final List<Reading> READINGS = List.of(
            new Reading("ox-1", "p-1", Vital.SPO2, 91.5, T, T + 250, Quality.LOW_CONFIDENCE, "/", false),
            new Reading("ox-1", "p-1", Vital.HR, 118, T, T + 250, Quality.OK, "1/s", false),
            new Reading("patch-ü", "p-1", Vital.TEMP, 38.4, T - 7_200_000, T + 250, Quality.OK, "Cel", true));
    private static final String HEX = "01010000000300046f782d310003702d31014056e000000000000000019aba06d0000000019aba06d0fa"
            + "0100012f0000046f782d310003702d3102405d8000000000000000019aba06d0000000019aba06d0fa000003312f73000008"
            + "70617463682dc3bc0003702d310040433333333333330000019ab998f3000000019aba06d0fa00000343656c01";

    private OldReadingsEntry() {
    }

    /** A fresh copy of the version 1 entry. */
    public static byte[] bytes() {
        return HexFormat.of().parseHex(HEX);
    }
}
