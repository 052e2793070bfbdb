package org.homeward.gateway.ingest.senml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for the SenML fuzz test: byte mutations of the golden samples and random packs. */
final class FuzzInputs {
    /** Mutation operators; positions and lengths wrap around the input length. */
    enum Op { SET_BYTE, FLIP_BIT, INSERT_BYTE, DELETE, DUPLICATE, TRUNCATE, INSERT_TOKEN, SPLICE }

    record Mutation(Op op, int position, int value, int length) {
    }

    private static final String[] JSON_TOKENS = {"\"", "{", "}", "[", "]", ":", ",", "\"v\":", "\"bn\":", "\"n\":",
            "\"t\":1e308", "-", "1e999", "null", "true", "\"_\":", "\"x_\":1", "\u0000", "\"bver\":26", "\"u\":\"%\"",
            "NaN", "\"\\ud800\"", "9999999999999999999999", "\"bt\":-1e300", "{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37}",
            "[[[[[[[[", "\"vb\":false", "\"vs\":\"", "0.0000000001", "\\", "\ufeff", "\"bver\":58"};
    private static final int[][] CBOR_TOKENS = {{0x9f}, {0xbf}, {0xff}, {0xf9, 0x7e, 0x00}, {0xfa, 0x7f, 0x80, 0, 0},
            {0x1b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, {0x5b, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff},
            {0x7b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, {0x9b, 0, 0, 0, 0x10, 0, 0, 0, 0},
            {0xbb, 0x7f, 0, 0, 0, 0, 0, 0, 0}, {0xc1}, {0xd8, 0x40}, {0xf7}, {0xf6}, {0x3b, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff}, {0x28}, {0x21}, {0x62, 0x78, 0x5f}, {0xc2, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0}, {0x5f, 0x41}};

    private FuzzInputs() {
    }

    static List<byte[]> golden(String extension) {
        try (var files = Files.list(SenmlGoldenSamplesTest.samplesDir())) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(extension) && !n.endsWith(".expected.json")) {
                    out.add(Files.readAllBytes(p));
                }
            }
            if (extension.equals(".cbor")) {
                for (byte[] json : golden(".json")) {
                    try {
                        out.add(SenmlCborWriter.fromJson(json));
                    } catch (UncheckedIOException | IllegalArgumentException notAPack) {
                        // malformed.json has no CBOR form; the other samples do
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(Op.values()),
                Arbitraries.integers().between(0, 1 << 16), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 64)).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    static byte[] mutate(byte[] input, List<Mutation> mutations, boolean cbor, List<byte[]> corpus) {
        byte[] b = input;
        for (Mutation m : mutations) {
            b = apply(b, m, cbor, corpus);
        }
        return b;
    }

    private static byte[] apply(byte[] b, Mutation m, boolean cbor, List<byte[]> corpus) {
        int len = b.length;
        int pos = len == 0 ? 0 : m.position() % (len + 1);
        switch (m.op()) {
            case SET_BYTE:
                if (len > 0) {
                    b = b.clone();
                    b[pos % len] = (byte) m.value();
                }
                return b;
            case FLIP_BIT:
                if (len > 0) {
                    b = b.clone();
                    b[pos % len] ^= (byte) (1 << (m.value() & 7));
                }
                return b;
            case INSERT_BYTE:
                return insert(b, pos, new byte[] {(byte) m.value()});
            case DELETE:
                return concat(Arrays.copyOf(b, pos), Arrays.copyOfRange(b, Math.min(len, pos + m.length()), len));
            case DUPLICATE:
                return insert(b, pos, Arrays.copyOfRange(b, pos, Math.min(len, pos + m.length())));
            case TRUNCATE:
                return Arrays.copyOf(b, pos);
            case INSERT_TOKEN:
                return insert(b, pos, cbor ? cborToken(m.value()) : jsonToken(m.value()));
            case SPLICE:
                byte[] other = corpus.get(m.value() % corpus.size());
                int from = other.length == 0 ? 0 : m.position() % other.length;
                return insert(b, pos, Arrays.copyOfRange(other, from, Math.min(other.length, from + m.length())));
            default:
                throw new IllegalStateException(m.op().name());
        }
    }

    private static byte[] jsonToken(int i) {
        return JSON_TOKENS[i % JSON_TOKENS.length].getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] cborToken(int i) {
        int[] t = CBOR_TOKENS[i % CBOR_TOKENS.length];
        byte[] out = new byte[t.length];
        for (int k = 0; k < t.length; k++) {
            out[k] = (byte) t[k];
        }
        return out;
    }

    private static byte[] insert(byte[] b, int pos, byte[] piece) {
        return concat(concat(Arrays.copyOf(b, pos), piece), Arrays.copyOfRange(b, pos, b.length));
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] out = Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }

    /** Random but SenML-shaped packs: known and unknown labels, values of every type, odd numbers. */
    static Arbitrary<String> randomJsonPacks() {
        Arbitrary<String> label = Arbitraries.of("bn", "bt", "bu", "bv", "bs", "bver", "n", "u", "v", "vs", "vb", "s",
                "t", "ut", "vd", "foo", "x_", "");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("\"temp\"", "\"spo2\"", "\"pr\"", "\"sbp\"", "\"dbp\"", "\"wear\"", "\"pi\"", "\"bat\"",
                        "\"Cel\"", "\"/\"", "\"%\"", "\"/100\"", "\"1/s\"", "\"Pa\"", "\"mmHg\"", "\"urn:uuid:x:\"",
                        "\"dev/\"", "\"AQID\"", "\"\"", "true", "false", "null", "[]", "{}", "[1,{\"a\":[]}]"),
                Arbitraries.of(0.0, -0.0, 1.0, 0.93, 37.5, 95.0, 1e308, -1e308, 4.9e-324, 268435456.0, 268435455.0,
                        1751328930.0, -120.0, 26.0, 58.0).map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
        Arbitrary<String> field = Combinators.combine(label, value).as((l, v) -> "\"" + l + "\":" + v);
        Arbitrary<String> record = field.list().ofMaxSize(7).map(fs -> "{" + String.join(",", fs) + "}");
        return record.list().ofMaxSize(12).map(rs -> "[" + String.join(",", rs) + "]");
    }
}
