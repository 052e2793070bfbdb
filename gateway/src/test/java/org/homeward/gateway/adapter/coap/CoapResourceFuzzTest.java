package org.homeward.gateway.adapter.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.util.Bytes;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.DefaultIngestService;
import org.homeward.gateway.ingest.PackDecoder;
import org.homeward.gateway.ingest.ReadingSink;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.ingest.senml.PackResult;
import org.homeward.gateway.ingest.senml.SenmlPackDecoder;
import org.homeward.gateway.ingest.senml.SenmlSettings;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 hostile CoAP datagrams (see {@link CoapFuzzInputs}) through the real decode/handle path,
 * in process: Californium's {@link UdpDataParser} parses each datagram as the UDP and DTLS
 * connectors would hand it over (a DTLS peer carries its PSK identity), Californium's
 * {@link CountingDeliverer} (the adapter's, on Californium's {@code ServerMessageDeliverer}) routes it to the gateway's real {@code /v1/senml} resource, and
 * that resource ingests into the real SenML decoder and a real journal on disk.
 *
 * <p>Expected for every case: a datagram Californium cannot parse is refused by the parser (the
 * endpoint answers RST or drops it); every request gets one specific CoAP answer, never 5.00 and
 * never an exception; every refusal is counted; every 2.04 is durable in the journal, and the
 * readings acknowledged before the attack are still there afterwards. The layers below the
 * resource (de-duplication, block-wise, DTLS records) are exercised by the real-listener fuzz in
 * {@code HostileInputEndToEndTest}. {@code -Dhomeward.fuzz.cases=N -Dhomeward.fuzz.seed=S} run longer.
 */
@Timeout(600)
class CoapResourceFuzzTest {
    static final int CASES = Integer.getInteger("homeward.fuzz.cases", 100_000);
    static final long SEED = Long.getLong("homeward.fuzz.seed", 20261125L);
    static final String DEVICE = "d-fuzz";
    static final String SECRET = "fuzz-secret-0123456789abcdef";
    static final int MAX_PAYLOAD = 4096;
    private static final Set<ResponseCode> SPECIFIC = Set.of(ResponseCode.CHANGED, ResponseCode.BAD_REQUEST,
            ResponseCode.UNAUTHORIZED, ResponseCode.FORBIDDEN, ResponseCode.NOT_FOUND,
            ResponseCode.METHOD_NOT_ALLOWED, ResponseCode.REQUEST_ENTITY_TOO_LARGE,
            ResponseCode.UNSUPPORTED_CONTENT_FORMAT);

    @TempDir
    Path dir;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final FakeDirectory directory = new FakeDirectory().add(DEVICE, SECRET);
    final UdpDataParser parser = new UdpDataParser();
    final CapturingEndpoint endpoint = new CapturingEndpoint();
    SegmentedJournal journal;
    CountingDeliverer deliverer;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    void hostileDatagramsGetSpecificCountedRefusalsAndAcknowledgedReadingsSurvive() throws Exception {
        journal = SegmentedJournal.open(JournalSettings.defaults(dir).withFsync(false), Clock.systemUTC(), meters);
        SenmlPackDecoder senml = new SenmlPackDecoder(SenmlSettings.defaults());
        PackDecoder decoder = (format, payload, deviceId, patientId, at) -> {
            PackResult r = senml.decode(format, payload, deviceId, patientId, at);
            return new PackDecoder.Result(r.readings(), r.rejections(), r.warnings());
        };
        DefaultIngestService ingest = new DefaultIngestService(directory, decoder, journal, new NullSink(), meters);
        CoapMetrics metrics = new CoapMetrics(meters);
        CoapResource root = new CoapResource("");
        root.add(new CoapResource("v1").add(new SenmlResource(ingest, new RequestAuthenticator(directory, metrics),
                new CoapResponses(10), metrics, Clock.systemUTC(), MAX_PAYLOAD)));
        deliverer = new CountingDeliverer(root, CaliforniumConfig.from(CoapSettings.defaults()), metrics);
        CoapFuzzInputs inputs = new CoapFuzzInputs(SEED, MAX_PAYLOAD, DEVICE, SECRET);

        List<Double> acknowledged = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double celsius = 36.0 + i / 10.0;
            assertThat(deliver(inputs.valid(i % 2 == 0, celsius), i % 2 == 0).get(60, TimeUnit.SECONDS).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
            acknowledged.add(celsius);
        }

        Map<CoapFuzzInputs.Kind, Integer> cases = new EnumMap<>(CoapFuzzInputs.Kind.class);
        Map<String, Integer> answers = new TreeMap<>();
        List<Pending> pending = new ArrayList<>();
        int notParsed = 0;
        long started = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            CoapFuzzInputs.Case c = inputs.next();
            cases.merge(c.kind(), 1, Integer::sum);
            CompletableFuture<Response> answer;
            try {
                answer = deliver(c.datagram(), c.dtls());
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(describe(i, c), e);
            }
            if (answer == null) {
                notParsed++;
            } else {
                pending.add(new Pending(i, c, answer));
            }
            if (pending.size() >= 1_000 || i == CASES - 1) {
                for (Pending p : pending) {
                    check(p, answers);
                }
                pending.clear();
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("coap resource fuzz: %d cases in %d ms (seed %d); kinds=%s; not parsed=%d; answers=%s%n",
                CASES, millis, SEED, cases, notParsed, answers);

        int changed = answers.getOrDefault("2.04", 0) + acknowledged.size();
        int refused = answers.values().stream().mapToInt(Integer::intValue).sum() - changed + acknowledged.size();
        assertThat(count(Meters.INGEST_REQUESTS, "outcome", "ok")).as("every 2.04 is an ingest ok").isEqualTo(changed);
        assertThat(count(Meters.PROTOCOL_ERRORS, null, null) + count(Meters.AUTH_FAILURES, null, null)
                + count(Meters.INGEST_REQUESTS, null, null) - changed)
                .as("every refusal is counted").isEqualTo(refused);
        assertThat(notParsed + answers.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CASES);

        List<Reading> durable = journalReadings();
        assertThat(durable).as("every reading counted as accepted is in the journal")
                .hasSize((int) count(Meters.INGEST_READINGS, null, null));
        assertThat(durable.stream().filter(r -> r.deviceId().equals(DEVICE)).map(Reading::value).toList())
                .as("the readings acknowledged before the attack survive").containsAll(acknowledged);
    }

    private record Pending(int index, CoapFuzzInputs.Case c, CompletableFuture<Response> answer) {
    }

    /** One specific answer per request, never 5.00; an oversized pack always gets 4.13. */
    private static void check(Pending p, Map<String, Integer> answers) throws Exception {
        ResponseCode code = p.answer().get(60, TimeUnit.SECONDS).getCode();
        if (!SPECIFIC.contains(code)) {
            fail("%s got %s", describe(p.index(), p.c()), code);
        }
        if (p.c().kind() == CoapFuzzInputs.Kind.OVERSIZED) {
            assertThat(code).as(describe(p.index(), p.c())).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        }
        answers.merge(code.toString(), 1, Integer::sum);
    }

    private static String describe(int index, CoapFuzzInputs.Case c) {
        return "case " + index + " (" + c.kind() + (c.dtls() ? ", dtls" : ", plain") + ") "
                + Base64.getEncoder().encodeToString(c.datagram());
    }

    /** Parses and delivers one datagram; the future answer, or null if Californium's parser refused it. */
    private CompletableFuture<Response> deliver(byte[] datagram, boolean dtls) throws Exception {
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40_000);
        EndpointContext context = dtls
                ? new DtlsEndpointContext(peer, null, new PreSharedKeyIdentity(DEVICE), new Bytes(new byte[] {1, 2}),
                1, "TLS_PSK_WITH_AES_128_CCM_8", System.currentTimeMillis())
                : new AddressEndpointContext(peer);
        Message message;
        try {
            message = parser.parseMessage(RawData.inbound(datagram, context, false, System.nanoTime(), peer));
        } catch (RuntimeException malformed) {
            return null;
        }
        if (!(message instanceof Request request)) {
            return null;
        }
        Exchange exchange = new Exchange(request, peer, Exchange.Origin.REMOTE, Runnable::run);
        exchange.setEndpoint(endpoint);
        CompletableFuture<Response> answer = endpoint.expect(exchange);
        deliverer.deliverRequest(exchange);
        return answer;
    }

    private double count(String name, String tag, String value) {
        return meters.find(name).tag("transport", "coap").counters().stream()
                .filter(c -> tag == null || value.equals(c.getId().getTag(tag)))
                .mapToDouble(Counter::count).sum();
    }

    private List<Reading> journalReadings() throws Exception {
        List<Reading> out = new ArrayList<>();
        long after = 0;
        for (List<JournalEntry> batch = journal.read(after, 10_000); !batch.isEmpty(); batch = journal.read(after, 10_000)) {
            for (JournalEntry e : batch) {
                JournalRecords.Decoded d = JournalRecords.decode(e.payload());
                if (d.type() == JournalRecords.READINGS) {
                    out.addAll(d.readings());
                }
                after = e.sequence();
            }
        }
        return out;
    }

    /** Shards that ignore every reading; the fuzz is about the adapter and decoder, not processing. */
    private static final class NullSink implements ReadingSink {
        @Override
        public void durable(long sequence, List<Reading> readings) {
        }

        @Override
        public void rejected(String deviceId, String patientId, RecordRejection rejection, long atMillis) {
        }
    }
}
