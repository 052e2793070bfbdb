package org.homeward.gateway.ingest.senml;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.PayloadFormat;

/**
 * The fuzz test's generators and checks, run for as many inputs as asked (a long soak, not part of the
 * build): {@code java -cp <test classpath> org.homeward.gateway.ingest.senml.SenmlFuzzLongRun 2000000}.
 * A watchdog prints the in-flight input and exits with status 3 if one decode takes over 10 s; any
 * contract violation prints the input and exits with status 1.
 */
public final class SenmlFuzzLongRun {
    private static final AtomicReference<byte[]> IN_FLIGHT = new AtomicReference<>();
    private static final AtomicLong STARTED_NANOS = new AtomicLong();

    private SenmlFuzzLongRun() {
    }

    public static void main(String[] args) {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        startWatchdog();
        List<byte[]> jsonCorpus = FuzzInputs.golden(".json");
        List<byte[]> cborCorpus = FuzzInputs.golden(".cbor");
        var mutations = FuzzInputs.mutations().sampleStream().iterator();
        Iterator<byte[]> jsonSamples = net.jqwik.api.Arbitraries.of(jsonCorpus).sampleStream().iterator();
        Iterator<byte[]> cborSamples = net.jqwik.api.Arbitraries.of(cborCorpus).sampleStream().iterator();
        Iterator<byte[]> bytes = net.jqwik.api.Arbitraries.bytes().array(byte[].class).ofMaxSize(400).sampleStream()
                .iterator();
        Iterator<String> packs = FuzzInputs.randomJsonPacks().sampleStream().iterator();
        Map<String, Long> outcomes = new TreeMap<>();
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            PayloadFormat format;
            byte[] input;
            switch ((int) (i % 4)) {
                case 0:
                    format = i % 8 == 0 ? PayloadFormat.SENML_JSON : PayloadFormat.SENML_CBOR;
                    input = bytes.next();
                    break;
                case 1:
                    format = PayloadFormat.SENML_JSON;
                    input = FuzzInputs.mutate(jsonSamples.next(), mutations.next(), false, jsonCorpus);
                    break;
                case 2:
                    format = PayloadFormat.SENML_CBOR;
                    input = FuzzInputs.mutate(cborSamples.next(), mutations.next(), true, cborCorpus);
                    break;
                default:
                    byte[] json = packs.next().getBytes(StandardCharsets.UTF_8);
                    format = i % 8 == 3 ? PayloadFormat.SENML_JSON : PayloadFormat.SENML_CBOR;
                    input = format == PayloadFormat.SENML_JSON ? json : SenmlCborWriter.fromJson(json);
            }
            outcomes.merge(format + " " + run(format, input), 1L, Long::sum);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d inputs in %.1f s (%.0f inputs/s); outcomes %s%n", total, seconds, total / seconds, outcomes);
        System.exit(0);
    }

    private static String run(PayloadFormat format, byte[] input) {
        STARTED_NANOS.set(System.nanoTime());
        IN_FLIGHT.set(input);
        try {
            FailureReason reason = SenmlFuzzTest.decodeOnce(format, input);
            return reason == null ? "pack" : reason.tag();
        } catch (Throwable t) {
            System.out.println("CONTRACT VIOLATION " + t + " for " + format + " " + SenmlFuzzTest.show(input));
            System.exit(1);
            return "unreachable";
        } finally {
            IN_FLIGHT.set(null);
        }
    }

    private static void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            while (true) {
                byte[] input = IN_FLIGHT.get();
                if (input != null && System.nanoTime() - STARTED_NANOS.get() > 10_000_000_000L) {
                    System.out.println("HANG: decode running for over 10 s on " + SenmlFuzzTest.show(input));
                    System.exit(3);
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fuzz-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
