package org.homeward.gateway.ingest.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.RecordRejection;

/**
 * Decodes one SenML pack (RFC 8428, JSON or CBOR), normalises units, maps records to {@code Vital}s
 * and validates them (clinical-spec §3.5, §4.1–4.2).
 *
 * <p>Threading: immutable and thread-safe; one instance serves every event loop. It never blocks and
 * does no I/O: a pack of a few hundred bytes decodes in microseconds on the calling thread. JSON packs
 * of the common flat shape go through {@link FastJsonPack} (bytes straight into records); everything
 * else, CBOR and every refusal use Jackson's streaming parser (no tree, no data binding).
 *
 * <p>Failure: a pack that is not SenML at all fails as a whole with {@link IngestException} carrying
 * {@link FailureReason#MALFORMED_PAYLOAD} or {@link FailureReason#PAYLOAD_TOO_LARGE} and a precise
 * detail; no other exception escapes for any byte content. A well-formed pack always yields a
 * {@link PackResult}: valid records are kept, each refused record is listed with its reason.
 */
public final class SenmlPackDecoder {
    private static final int MAX_NESTING = 32;
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final int MAX_DETAIL = 160;

    private final SenmlSettings settings;
    private final JsonFactory jsonFactory;
    private final CBORFactory cborFactory;
    private final RecordMapper mapper;
    private final PackRules rules;
    private final boolean fastPath;

    public SenmlPackDecoder(SenmlSettings settings) {
        this(settings, true);
    }

    /** {@code fastPath} false forces every JSON pack through Jackson (the equivalence test compares both). */
    SenmlPackDecoder(SenmlSettings settings, boolean fastPath) {
        this.fastPath = fastPath;
        this.settings = Objects.requireNonNull(settings, "settings");
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(settings.maxPayloadBytes())
                .maxNameLength(settings.maxPayloadBytes())
                .maxDocumentLength(settings.maxPayloadBytes())
                .build();
        // Interning attacker-chosen field names would grow the JVM string table; lookups use equals().
        this.jsonFactory = JsonFactory.builder().streamReadConstraints(limits)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();
        this.cborFactory = CBORFactory.builder().streamReadConstraints(limits).build();
        this.mapper = new RecordMapper(settings);
        this.rules = new PackRules(settings);
    }

    /**
     * Decodes and validates one pack.
     *
     * @param format           JSON (Content-Format 110) or CBOR (112)
     * @param payload          the raw pack; not modified, not retained
     * @param deviceId         authenticated device id, copied into every reading (never read from the payload)
     * @param patientId        patient the device is assigned to
     * @param receivedAtMillis gateway receive time (epoch ms): the reference for relative SenML times
     * @return accepted readings, refused records and warnings
     * @throws IngestException {@code MALFORMED_PAYLOAD} or {@code PAYLOAD_TOO_LARGE} when the pack as a whole is refused
     * @throws NullPointerException when an argument is null (a programming error, not bad input)
     */
    public PackResult decode(PayloadFormat format, byte[] payload, String deviceId, String patientId,
                             long receivedAtMillis) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(patientId, "patientId");
        if (payload.length > settings.maxPayloadBytes()) {
            throw new IngestException(FailureReason.PAYLOAD_TOO_LARGE, "payload of " + payload.length
                    + " bytes exceeds the limit of " + settings.maxPayloadBytes() + " bytes");
        }
        List<Double> updateTimes = new ArrayList<>(0);
        List<SenmlRecord> records = parse(format, payload, updateTimes);
        List<RecordRejection> rejections = new ArrayList<>(0);
        List<String> warnings = new ArrayList<>(0);
        long updateIntervalMillis = UpdateInterval.of(updateTimes, warnings);
        List<Candidate> candidates = new ArrayList<>(records.size());
        for (SenmlRecord r : records) {
            Candidate c = mapper.map(r, receivedAtMillis, rejections, warnings);
            if (c != null) {
                candidates.add(c);
            }
        }
        rules.apply(candidates);
        List<Reading> readings = new ArrayList<>(candidates.size());
        boolean lateRejections = false;
        for (Candidate c : candidates) {
            if (c.isLive()) {
                readings.add(c.toReading(deviceId, patientId, receivedAtMillis));
            } else {
                rejections.add(c.rejection);
                lateRejections = true;
            }
        }
        if (lateRejections) {
            rejections.sort(Comparator.comparingInt(RecordRejection::index));
        }
        return new PackResult(readings, rejections, warnings, updateIntervalMillis);
    }

    private List<SenmlRecord> parse(PayloadFormat format, byte[] payload, List<Double> updateTimes) {
        boolean cbor = format == PayloadFormat.SENML_CBOR;
        if (!cbor && fastPath) {
            List<SenmlRecord> fast = FastJsonPack.tryRead(payload, settings.maxRecords(), updateTimes);
            if (fast != null) {
                return fast;
            }
        }
        String encoding = cbor ? "CBOR" : "JSON";
        try (JsonParser parser = cbor ? cborFactory.createParser(payload) : jsonFactory.createParser(payload)) {
            PackReader reader = new PackReader(parser, cbor, settings.maxRecords());
            List<SenmlRecord> records = reader.read();
            updateTimes.addAll(reader.updateTimes());
            return records;
        } catch (IngestException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw PackReader.malformed("invalid " + encoding + at(e.getLocation()) + ": "
                    + clip(e.getOriginalMessage()));
        } catch (IOException e) {
            throw PackReader.malformed("unreadable " + encoding + ": " + clip(e.getMessage()));
        } catch (RuntimeException e) {
            // Jackson signals a few corrupt-input cases with unchecked exceptions; bad bytes are never a crash.
            throw new IngestException(FailureReason.MALFORMED_PAYLOAD, "unreadable " + encoding + " (parser failure: "
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String at(JsonLocation location) {
        if (location == null) {
            return "";
        }
        long offset = location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
        return offset >= 0 ? " at byte " + offset : "";
    }

    private static String clip(String message) {
        if (message == null) {
            return "no detail";
        }
        String oneLine = message.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}
