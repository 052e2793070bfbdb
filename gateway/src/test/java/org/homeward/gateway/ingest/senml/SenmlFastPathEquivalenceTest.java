package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.PayloadFormat;

/**
 * The byte-level JSON fast path ({@link FastJsonPack}) and the Jackson path decode every pack to the
 * same result, or refuse it with the same reason and detail: golden samples, generated SenML-shaped
 * packs, mutations of both, and numbers written in many ways (exact double equality).
 */
class SenmlFastPathEquivalenceTest {
    private static final long RECEIVED = 1_751_328_940_000L;
    private static final SenmlPackDecoder FAST = new SenmlPackDecoder(SenmlSettings.defaults(), true);
    private static final SenmlPackDecoder JACKSON = new SenmlPackDecoder(SenmlSettings.defaults(), false);
    private static final List<byte[]> GOLDEN = FuzzInputs.golden(".json");

    /** A decode outcome that compares by value: the result, or the refusal's reason and detail. */
    private static Object outcome(SenmlPackDecoder decoder, byte[] payload) {
        try {
            return decoder.decode(PayloadFormat.SENML_JSON, payload, "dev-1", "p-1", RECEIVED);
        } catch (IngestException e) {
            return e.reason() + ": " + e.getMessage();
        }
    }

    private static void assertSame(byte[] payload) {
        assertThat(outcome(FAST, payload)).as(new String(payload, StandardCharsets.UTF_8))
                .isEqualTo(outcome(JACKSON, payload));
    }

    @Example
    void goldenSamplesDecodeAlikeAndMostTakeTheFastPath() {
        int fast = 0;
        for (byte[] sample : GOLDEN) {
            assertSame(sample);
            if (FastJsonPack.tryRead(sample, 1000, new ArrayList<>()) != null) {
                fast++;
            }
        }
        assertThat(GOLDEN).isNotEmpty();
        assertThat(fast).as("golden samples read by the fast path").isGreaterThan(GOLDEN.size() / 2);
        assertThat(FastJsonPack.tryRead(SenmlDecodeBenchmark.PACK.getBytes(StandardCharsets.UTF_8), 100,
                new ArrayList<>())).as("the benchmark pack takes the fast path").hasSize(4);
    }

    @Example
    void numbersParseExactlyAsJacksonDoes() {
        Random random = new Random(14);
        List<String> numbers = new ArrayList<>(List.of("0", "-0", "0.0", "-0.0", "1", "-1", "0.1", "0.93", "38.3",
                "1.85", "0.012", "1751328930", "1751328930.123", "9007199254740993", "9007199254740993.0",
                "123456789012345678", "1234567890123456789", "0.000000000000000000001", "1e3", "1E-3", "2.5e+2",
                "123456789012345.6", "1234567890123456.7", "0.30000000000000004", "4.9e-324", "1.7976931348623157e308",
                "00", "01", "1.", ".5", "+1", "-", "1e", "1.5.5", "--1", "0x10"));
        for (int i = 0; i < 3000; i++) {
            double d = random.nextInt(3) == 0 ? random.nextDouble() * Math.pow(10, random.nextInt(20) - 10)
                    : Math.round(random.nextGaussian() * 1e6) / Math.pow(10, random.nextInt(8));
            numbers.add(random.nextBoolean() ? String.valueOf(d) : String.format("%." + random.nextInt(17) + "f", d));
        }
        for (String number : numbers) {
            for (String field : List.of("v", "t", "bt", "ut", "bver")) {
                assertSame(("[{\"n\":\"temp\",\"u\":\"Cel\",\"" + field + "\":" + number + "}]")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Property(tries = 3000, shrinking = ShrinkingMode.OFF)
    void generatedPacksDecodeAlike(@ForAll("packs") String pack) {
        assertSame(pack.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3000, shrinking = ShrinkingMode.OFF)
    void mutatedPacksDecodeAlike(@ForAll("seeds") byte[] seed, @ForAll("mutations") List<FuzzInputs.Mutation> m) {
        assertSame(FuzzInputs.mutate(seed, m, false, GOLDEN));
    }

    @Provide
    Arbitrary<String> packs() {
        Arbitrary<String> ws = Arbitraries.of("", "", " ", "\n\t", "\r\n ");
        return FuzzInputs.randomJsonPacks().flatMap(p -> ws.map(w -> p.replace(",", w + "," + w)));
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        Arbitrary<byte[]> generated = FuzzInputs.randomJsonPacks().map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(Arbitraries.of(GOLDEN), generated);
    }

    @Provide
    Arbitrary<List<FuzzInputs.Mutation>> mutations() {
        return FuzzInputs.mutations();
    }
}
