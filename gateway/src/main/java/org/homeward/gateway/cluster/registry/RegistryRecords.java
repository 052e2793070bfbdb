package org.homeward.gateway.cluster.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.homeward.gateway.device.RegistryCheck;
import org.homeward.gateway.device.RegistryData;

/**
 * The registry topic's record format. The value is the gzip of one JSON document
 * ({@link Document}: the whole registry as in {@code registry.json}, format version 2, with its
 * {@code version}, the {@code basedOn} version it was computed from, the writer and the time). Two
 * headers: {@value #MAC_HEADER}, an HMAC-SHA256 of key and value under a key derived from the master
 * key (so only a holder of the cluster's master key can change the registry, and a node whose
 * master.key differs refuses rather than applies what it could not check), and {@value #KEY_ID_HEADER},
 * a fingerprint of the signing key that only serves the error message.
 *
 * <p>{@link #decode} checks, in this order, size (the value and its decompressed form are at most
 * {@code maxBytes}: a zip bomb stops there), signature, JSON shape and version numbers, and the
 * content ({@link RegistryCheck}); it is a pure function of the record, so every node refuses the
 * same records. Thread-safe (a Mac per call).
 */
final class RegistryRecords {
    static final String MAC_HEADER = "homeward-mac";
    static final String KEY_ID_HEADER = "homeward-key-id";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final SecretKeySpec macKey;
    private final String keyId;
    private final int maxBytes;

    /** One registry version as it travels on the topic. */
    record Document(long version, long basedOn, String writer, long writtenAt, RegistryData registry) {
    }

    /** Why a record was not applied; the tag of the refusal counter. */
    enum Refusal {
        OVERSIZE, UNSIGNED, MALFORMED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A record that must not be applied, with the reason for the log. */
    static final class RefusedException extends Exception {
        final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message, null, false, false);
            this.refusal = refusal;
        }
    }

    RegistryRecords(byte[] masterKey, int maxBytes) {
        this.macKey = new SecretKeySpec(hmac(new SecretKeySpec(masterKey, "HmacSHA256"),
                "homeward/registry-record/v1".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        this.keyId = HexFormat.of().formatHex(hmac(macKey, "key-id".getBytes(StandardCharsets.UTF_8)), 0, 8);
        this.maxBytes = maxBytes;
    }

    int maxBytes() {
        return maxBytes;
    }

    /** The record value of {@code doc}; fails with {@link IllegalArgumentException} beyond {@code maxBytes}. */
    byte[] encode(Document doc) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("registry document cannot be written as JSON", e);
        }
        if (json.length > maxBytes) {
            throw new IllegalArgumentException("the registry would be " + json.length + " bytes, more than"
                    + " cluster.registry.max-bytes (" + maxBytes + "); raise it on every node first");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 8 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Adds the signature and key id headers of ({@code key}, {@code value}). */
    void sign(String key, byte[] value, Headers headers) {
        headers.add(MAC_HEADER, mac(key, value));
        headers.add(KEY_ID_HEADER, keyId.getBytes(StandardCharsets.UTF_8));
    }

    /** The document of a non-tombstone record, or the reason it must not be applied. */
    Document decode(String key, byte[] value, Headers headers) throws RefusedException {
        if (value.length > maxBytes) {
            throw new RefusedException(Refusal.OVERSIZE, value.length + " bytes, more than cluster.registry.max-bytes ("
                    + maxBytes + ")");
        }
        Header mac = headers.lastHeader(MAC_HEADER);
        if (mac == null || !MessageDigest.isEqual(mac.value(), mac(key, value))) {
            Header id = headers.lastHeader(KEY_ID_HEADER);
            String theirs = id == null ? "none" : new String(id.value(), StandardCharsets.UTF_8);
            throw new RefusedException(Refusal.UNSIGNED, "signature does not match this node's master key (record key id "
                    + theirs + ", this node's " + keyId + "): unsigned, altered, or the nodes' master.key files differ");
        }
        Document doc;
        try {
            doc = JSON.readValue(gunzip(value), Document.class);
        } catch (IOException e) {
            throw new RefusedException(Refusal.MALFORMED, "not a gzip'd registry document: " + e.getMessage());
        }
        if (doc.registry() == null || doc.version() < 1 || doc.basedOn() != doc.version() - 1) {
            throw new RefusedException(Refusal.MALFORMED, "no registry, or version " + doc.version() + " is not basedOn "
                    + doc.basedOn() + " + 1");
        }
        List<String> problems = RegistryCheck.problems(doc.registry());
        if (!problems.isEmpty()) {
            throw new RefusedException(Refusal.MALFORMED, "invalid content: " + String.join("; ", problems));
        }
        return doc;
    }

    /** Decompresses at most {@code maxBytes}; more is refused as oversize (an IOException subtype would read as malformed). */
    private byte[] gunzip(byte[] value) throws IOException, RefusedException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(value))) {
            byte[] out = in.readNBytes(maxBytes + 1);
            if (out.length > maxBytes) {
                throw new RefusedException(Refusal.OVERSIZE, "decompresses to more than cluster.registry.max-bytes ("
                        + maxBytes + ")");
            }
            return out;
        }
    }

    private byte[] mac(String key, byte[] value) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(macKey);
            m.update((key == null ? "" : key).getBytes(StandardCharsets.UTF_8));
            m.update((byte) 0);
            return m.doFinal(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
