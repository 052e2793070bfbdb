package org.homeward.gateway.ingest.senml;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.ingest.PayloadFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of one decode of a typical oximeter + patch pack (about 200 bytes as JSON; the same
 * pack in CBOR). {@code fastPath=false} forces JSON through Jackson (the decoder before the byte-level
 * fast path), so one run gives before and after. Not a test; run it as shown in docs/senml.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class SenmlDecodeBenchmark {
    static final String PACK = "[{\"bn\":\"urn:uuid:2b4f0c1e-6d2a:\",\"bver\":10,\"bt\":1751328930,\"n\":\"temp\",\"u\":\"Cel\",\"v\":38.3},"
            + "{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.93,\"t\":2},{\"n\":\"pr\",\"u\":\"1/s\",\"v\":1.85,\"t\":2},"
            + "{\"n\":\"pi\",\"u\":\"/\",\"v\":0.012,\"t\":2}]";
    /**
     * The shared load generator's pack (../shared/tools/mqtt-loadgen, padded to 200 bytes): three vitals and
     * two records Homeward refuses ({@code seq}, {@code pad}), so the refusal path is in every benchmark pack.
     */
    static final String GENERATOR_PACK = "[{\"bn\":\"urn:dev:sbs-000042:\",\"bt\":1751328939.123,\"n\":\"hr\","
            + "\"u\":\"beat/min\",\"v\":72},{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97},{\"n\":\"temp\",\"u\":\"Cel\","
            + "\"v\":36.8},{\"n\":\"seq\",\"v\":42},{\"n\":\"pad\",\"vs\":\"xxxxxxxxxxxxxxxxxxxx\"}]";
    private static final long RECEIVED = 1_751_328_940_000L;

    @Param({"true", "false"})
    public boolean fastPath;

    private SenmlPackDecoder decoder;
    private byte[] json;
    private byte[] cbor;
    private byte[] generator;

    @Setup
    public void setUp() {
        decoder = new SenmlPackDecoder(SenmlSettings.defaults(), fastPath);
        json = PACK.getBytes(StandardCharsets.UTF_8);
        cbor = SenmlCborWriter.fromJson(json);
        generator = GENERATOR_PACK.getBytes(StandardCharsets.UTF_8);
        PackResult g = decoder.decode(PayloadFormat.SENML_JSON, generator, "d", "p", RECEIVED);
        if (g.readings().size() != 3 || g.rejections().size() != 2) {
            throw new IllegalStateException("generator pack must decode to 3 readings and 2 refusals: " + g);
        }
        if (decoder.decode(PayloadFormat.SENML_CBOR, cbor, "d", "p", RECEIVED).readings().size() != 4) {
            throw new IllegalStateException("benchmark pack must decode to 4 readings");
        }
    }

    @Benchmark
    public PackResult decodeJson() {
        return decoder.decode(PayloadFormat.SENML_JSON, json, "dev-1", "p-1", RECEIVED);
    }

    @Benchmark
    public PackResult decodeGeneratorPack() {
        return decoder.decode(PayloadFormat.SENML_JSON, generator, "dev-1", "p-1", RECEIVED);
    }

    @Benchmark
    public PackResult decodeCbor() {
        return decoder.decode(PayloadFormat.SENML_CBOR, cbor, "dev-1", "p-1", RECEIVED);
    }

    /** Prints the pack sizes (bytes), for the docs. */
    public static void main(String[] args) {
        byte[] j = PACK.getBytes(StandardCharsets.UTF_8);
        System.out.println("json=" + j.length + " cbor=" + SenmlCborWriter.fromJson(j).length);
    }
}
