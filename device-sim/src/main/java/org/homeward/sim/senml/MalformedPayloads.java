package org.homeward.sim.senml;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.homeward.sim.model.Malformation;
import org.homeward.sim.model.Pack;

/**
 * Builds the broken payloads that fault injection sends in place of a pack. Each kind must be
 * refused by the gateway with its own counted reason (and never crash it). JSON only: a broken
 * CBOR pack is simply truncated. Stateless and thread-safe.
 */
public final class MalformedPayloads {
    private MalformedPayloads() {
    }

    /** The malformed bytes for {@code pack}. */
    public static byte[] build(Pack pack, Malformation kind, SenmlFormat format) {
        byte[] good = SenmlEncoder.encode(pack, format);
        if (format == SenmlFormat.CBOR || kind == Malformation.TRUNCATED) {
            return Arrays.copyOf(good, Math.max(1, good.length / 2));
        }
        String bn = pack.baseName();
        double bt = pack.records().isEmpty() ? 0 : pack.records().get(0).time();
        String json = switch (kind) {
            case PERCENT_TRAP -> "[{\"bn\":\"" + bn + "\",\"bt\":" + bt + ",\"n\":\"spo2\",\"u\":\"%\",\"v\":97}]";
            case BAD_NAME -> "[{\"bn\":\"" + bn + "\",\"bt\":" + bt + ",\"n\":\"temp €/ !\",\"u\":\"Cel\",\"v\":36.9}]";
            case NOT_A_NUMBER -> "[{\"bn\":\"" + bn + "\",\"bt\":" + bt + ",\"n\":\"hr\",\"u\":\"1/s\",\"v\":\"fast\"}]";
            case NOT_AN_ARRAY -> "{\"bn\":\"" + bn + "\",\"n\":\"temp\",\"u\":\"Cel\",\"v\":36.9}";
            case TRUNCATED -> throw new AssertionError("handled above");
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
