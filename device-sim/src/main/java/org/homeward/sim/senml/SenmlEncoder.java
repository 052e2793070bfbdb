package org.homeward.sim.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.homeward.sim.model.Pack;
import org.homeward.sim.model.Rec;

/**
 * Encodes a {@link Pack} as RFC 8428 SenML. The first record carries {@code bn}, {@code bt} (absolute
 * POSIX seconds, the first record's time) and {@code bver} only when needed; later records carry
 * {@code t} relative to {@code bt} when their time differs. CBOR uses the integer labels of
 * RFC 8428 §6 (bn −2, bt −3, n 0, u 1, v 2, vb 4, t 6, ut 7). Stateless and thread-safe.
 */
public final class SenmlEncoder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private SenmlEncoder() {
    }

    /** The pack as bytes in {@code format}. */
    public static byte[] encode(Pack pack, SenmlFormat format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = format == SenmlFormat.JSON ? JSON.createGenerator(bytes) : CBOR.createGenerator(bytes)) {
            write(g, pack, format == SenmlFormat.CBOR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonGenerator g, Pack pack, boolean cbor) throws IOException {
        List<Rec> recs = pack.records();
        double bt = recs.isEmpty() ? 0 : recs.get(0).time();
        g.writeStartArray();
        for (int i = 0; i < recs.size(); i++) {
            Rec r = recs.get(i);
            g.writeStartObject();
            if (i == 0) {
                field(g, cbor, "bn", -2);
                g.writeString(pack.baseName());
                field(g, cbor, "bt", -3);
                number(g, bt);
            } else if (r.time() != bt) {
                field(g, cbor, "t", 6);
                number(g, round3(r.time() - bt));
            }
            field(g, cbor, "n", 0);
            g.writeString(r.name());
            if (r.unit() != null) {
                field(g, cbor, "u", 1);
                g.writeString(r.unit());
            }
            if (r.value() != null) {
                field(g, cbor, "v", 2);
                number(g, r.value());
            } else if (r.bool() != null) {
                field(g, cbor, "vb", 4);
                g.writeBoolean(r.bool());
            }
            if (r.ut() != null) {
                field(g, cbor, "ut", 7);
                number(g, r.ut());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void field(JsonGenerator g, boolean cbor, String json, int label) throws IOException {
        if (cbor) {
            ((CBORGenerator) g).writeFieldId(label);
        } else {
            g.writeFieldName(json);
        }
    }

    private static void number(JsonGenerator g, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
