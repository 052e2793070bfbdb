package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.RecordRejection;

/**
 * Fuzz contract of the decoder: for any bytes, JSON or CBOR, the result is a {@link PackResult} that
 * keeps its invariants or an {@link IngestException} with {@code MALFORMED_PAYLOAD} /
 * {@code PAYLOAD_TOO_LARGE} — never another exception, never a hang (each decode runs on a worker
 * with a 10 s guard). 100,200 tries in total (≈140,000 decodes); a longer run is in docs/senml.md.
 */
class SenmlFuzzTest {
    private static final SenmlPackDecoder DECODER = Packs.DEFAULT;
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "senml-fuzz");
        t.setDaemon(true);
        return t;
    });
    private static final List<byte[]> JSON_CORPUS = FuzzInputs.golden(".json");
    private static final List<byte[]> CBOR_CORPUS = FuzzInputs.golden(".cbor");

    @AfterContainer
    static void stopWorker() {
        WORKER.shutdownNow();
    }

    @Property(tries = 25_000, shrinking = ShrinkingMode.BOUNDED)
    void randomBytesAreRefusedOrDecodedNeverCrash(@ForAll("randomBytes") byte[] input) {
        check(PayloadFormat.SENML_JSON, input);
        check(PayloadFormat.SENML_CBOR, input);
    }

    @Property(tries = 30_000, shrinking = ShrinkingMode.BOUNDED)
    void mutatedJsonSamplesNeverCrash(@ForAll("jsonSamples") byte[] sample,
                                      @ForAll("mutations") List<FuzzInputs.Mutation> mutations) {
        check(PayloadFormat.SENML_JSON, FuzzInputs.mutate(sample, mutations, false, JSON_CORPUS));
    }

    @Property(tries = 30_000, shrinking = ShrinkingMode.BOUNDED)
    void mutatedCborSamplesNeverCrash(@ForAll("cborSamples") byte[] sample,
                                      @ForAll("mutations") List<FuzzInputs.Mutation> mutations) {
        check(PayloadFormat.SENML_CBOR, FuzzInputs.mutate(sample, mutations, true, CBOR_CORPUS));
    }

    @Property(tries = 15_000, shrinking = ShrinkingMode.BOUNDED)
    void randomSenmlShapedPacksNeverCrash(@ForAll("randomPacks") String pack) {
        byte[] json = pack.getBytes(StandardCharsets.UTF_8);
        check(PayloadFormat.SENML_JSON, json);
        check(PayloadFormat.SENML_CBOR, SenmlCborWriter.fromJson(json));
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void oversizedPayloadsAreTooLarge(@ForAll("oversized") byte[] input) {
        assertThat(check(PayloadFormat.SENML_JSON, input)).isEqualTo(FailureReason.PAYLOAD_TOO_LARGE);
        assertThat(check(PayloadFormat.SENML_CBOR, input)).isEqualTo(FailureReason.PAYLOAD_TOO_LARGE);
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void packsWithTooManyRecordsAreTooLarge(@ForAll("tooManyRecords") String pack) {
        byte[] json = pack.getBytes(StandardCharsets.UTF_8);
        assertThat(check(PayloadFormat.SENML_JSON, json)).isEqualTo(FailureReason.PAYLOAD_TOO_LARGE);
        assertThat(check(PayloadFormat.SENML_CBOR, SenmlCborWriter.fromJson(json)))
                .isEqualTo(FailureReason.PAYLOAD_TOO_LARGE);
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    @Provide
    Arbitrary<byte[]> jsonSamples() {
        return Arbitraries.of(JSON_CORPUS);
    }

    @Provide
    Arbitrary<byte[]> cborSamples() {
        return Arbitraries.of(CBOR_CORPUS);
    }

    @Provide
    Arbitrary<List<FuzzInputs.Mutation>> mutations() {
        return FuzzInputs.mutations();
    }

    @Provide
    Arbitrary<String> randomPacks() {
        return FuzzInputs.randomJsonPacks();
    }

    @Provide
    Arbitrary<byte[]> oversized() {
        return Arbitraries.integers().between(65_537, 200_000).map(n -> {
            byte[] b = new byte[n];
            b[0] = '[';
            b[1] = (byte) 0x9f;
            return b;
        });
    }

    @Provide
    Arbitrary<String> tooManyRecords() {
        return Arbitraries.integers().between(513, 2_000).map(n -> "[" + "{\"n\":\"hr\",\"v\":1},".repeat(n) + "{}]");
    }

    /** Decodes on the guarded worker; returns the failure reason or null for a pack result. */
    private static FailureReason check(PayloadFormat format, byte[] input) {
        Future<FailureReason> outcome = WORKER.submit(() -> decodeOnce(format, input));
        try {
            FailureReason reason = outcome.get(10, TimeUnit.SECONDS);
            Statistics.label("outcome").collect(format + " " + (reason == null ? "pack" : reason.tag()));
            return reason;
        } catch (TimeoutException e) {
            throw new AssertionError("decode did not finish within 10 s for " + format + " " + show(input));
        } catch (ExecutionException e) {
            throw new AssertionError("unexpected " + e.getCause() + " for " + format + " " + show(input), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static FailureReason decodeOnce(PayloadFormat format, byte[] input) {
        PackResult r;
        try {
            r = DECODER.decode(format, input, "dev-fuzz", "p-fuzz", Packs.RECEIVED);
        } catch (IngestException e) {
            assertThat(e.reason()).isIn(FailureReason.MALFORMED_PAYLOAD, FailureReason.PAYLOAD_TOO_LARGE);
            assertThat(e.getMessage()).hasSizeGreaterThan(e.reason().tag().length() + 2);
            if (e.getCause() instanceof RuntimeException) {
                // The decoder turns unchecked parser exceptions into MALFORMED_PAYLOAD; they must come from
                // Jackson itself, never from our own code (which would hide a bug of ours).
                assertThat(e.getCause().getStackTrace()[0].getClassName()).as("origin of %s", e.getCause())
                        .startsWith("com.fasterxml.jackson");
            }
            return e.reason();
        }
        int lastIndex = -1;
        for (RecordRejection rej : r.rejections()) {
            assertThat(rej.index()).isGreaterThanOrEqualTo(lastIndex);
            assertThat(rej.detail()).isNotBlank();
            lastIndex = rej.index();
        }
        for (Reading reading : r.readings()) {
            assertThat(reading.vital().isPlausible(reading.value())).as("plausible %s", reading).isTrue();
            assertThat(reading.deviceId()).isEqualTo("dev-fuzz");
            assertThat(Math.abs(reading.measuredAtMillis() - Packs.RECEIVED))
                    .isLessThanOrEqualTo(SenmlSettings.defaults().maxAge().toMillis());
        }
        return null;
    }

    static String show(byte[] input) {
        String b64 = Base64.getEncoder().encodeToString(input);
        return "input (base64, " + input.length + " bytes): " + (b64.length() > 2_000 ? b64.substring(0, 2_000) + "…" : b64);
    }
}
