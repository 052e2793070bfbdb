package org.homeward.gateway.cluster;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.homeward.gateway.processing.PatientSnapshot;

/**
 * The bytes of the cluster-wide view: a {@link PatientSnapshot} as JSON (records, a {@link LocalDate} as
 * ISO text) on the compacted patients topic, and the JSON of commands and their answers. Alarms travel
 * as {@code JournalRecords.alarm} bytes, the same as on the readings topic. Unknown fields are ignored so
 * a newer node's snapshot is readable by an older one during a rolling upgrade. Thread-safe.
 */
final class ViewCodec {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule().addSerializer(LocalDate.class, new JsonSerializer<>() {
                @Override
                public void serialize(LocalDate d, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(d.toString());
                }
            }).addDeserializer(LocalDate.class, new JsonDeserializer<>() {
                @Override
                public LocalDate deserialize(JsonParser p, DeserializationContext c) throws IOException {
                    return LocalDate.parse(p.getValueAsString());
                }
            }));

    private ViewCodec() {
    }

    static byte[] snapshot(PatientSnapshot s) {
        try {
            return JSON.writeValueAsBytes(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a snapshot */
    static PatientSnapshot snapshot(byte[] bytes) {
        try {
            return JSON.readValue(bytes, PatientSnapshot.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a patient snapshot: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
