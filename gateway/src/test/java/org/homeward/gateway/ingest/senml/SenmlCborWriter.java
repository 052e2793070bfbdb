package org.homeward.gateway.ingest.senml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Test utility: turns a SenML JSON pack into SenML CBOR with the RFC 8428 §6 integer labels
 * ({@code vd} becomes a byte string), definite-length arrays and maps. Run {@link #main} to regenerate a golden {@code .cbor} file:
 * {@code java ... SenmlCborWriter config/samples/patch-oximeter.json config/samples/patch-oximeter.cbor}.
 */
final class SenmlCborWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORFactory CBOR = new CBORFactory();
    private static final Map<String, Integer> LABELS = Map.ofEntries(Map.entry("bver", -1), Map.entry("bn", -2),
            Map.entry("bt", -3), Map.entry("bu", -4), Map.entry("bv", -5), Map.entry("bs", -6), Map.entry("n", 0),
            Map.entry("u", 1), Map.entry("v", 2), Map.entry("vs", 3), Map.entry("vb", 4), Map.entry("s", 5),
            Map.entry("t", 6), Map.entry("ut", 7), Map.entry("vd", 8));

    private SenmlCborWriter() {
    }

    static byte[] fromJson(byte[] json) {
        try {
            JsonNode pack = JSON.readTree(json);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CBORGenerator gen = CBOR.createGenerator(out)) {
                gen.writeStartArray(pack, pack.size());
                for (JsonNode record : pack) {
                    gen.writeStartObject(record, record.size());
                    Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> f = fields.next();
                        Integer label = LABELS.get(f.getKey());
                        if (label == null) {
                            gen.writeFieldName(f.getKey());
                        } else {
                            gen.writeFieldId(label);
                        }
                        byte[] data = "vd".equals(f.getKey()) ? base64Url(f.getValue()) : null;
                        if (data != null) {
                            gen.writeBinary(data);
                        } else {
                            writeValue(gen, f.getValue());
                        }
                    }
                    gen.writeEndObject();
                }
                gen.writeEndArray();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a base64url {@code vd}, or null when it is not valid base64url (then it stays text). */
    private static byte[] base64Url(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(value.asText());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static void writeValue(CBORGenerator gen, JsonNode value) throws IOException {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            gen.writeNumber(value.longValue());
        } else if (value.isNumber()) {
            gen.writeNumber(value.doubleValue());
        } else {
            try (JsonParser p = JSON.treeAsTokens(value)) {
                JsonToken t = p.nextToken();
                if (t != null) {
                    gen.copyCurrentStructure(p);
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SenmlCborWriter <pack.json> <pack.cbor>");
            System.exit(2);
        }
        Files.write(Path.of(args[1]), fromJson(Files.readAllBytes(Path.of(args[0]))));
    }
}
