package org.homeward.gateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Append-only, tamper-evident audit log: one JSON object per line, each carrying the SHA-256 of
 * the previous line ({@code prev}) and of itself ({@code hash}), so editing, removing or reordering
 * any entry breaks the chain ({@link #verify}). Several processes (the gateway and the CLI) may
 * append: each append takes an exclusive file lock, reads the last hash and writes one line.
 * Blocking (disk): call from a thread that may block, never an event loop.
 */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENESIS = "0".repeat(64);
    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends an entry. {@code actor} is a user name, {@code cli} or {@code system}; {@code details}
     * must hold pseudonyms only.
     */
    public synchronized void append(String actor, String action, Map<String, ?> details, Instant at) {
        try {
            Files.createDirectories(file.getParent());
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
                 FileChannel ch = raf.getChannel();
                 FileLock lock = ch.lock()) {
                String prev = lastHash(raf);
                ObjectNode entry = JSON.createObjectNode();
                entry.put("at", at.toString());
                entry.put("actor", actor);
                entry.put("action", action);
                entry.set("details", JSON.valueToTree(details));
                entry.put("prev", prev);
                String body = JSON.writeValueAsString(entry);
                entry.put("hash", sha256(body));
                raf.seek(raf.length());
                raf.write((JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Result of checking the chain: ok, or the first line (1-based) that breaks it and why. */
    public record Verification(boolean ok, int entries, int badLine, String why) {
    }

    /** Re-computes every hash and link. */
    public Verification verify() throws IOException {
        if (!Files.exists(file)) {
            return new Verification(true, 0, 0, "");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String prev = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode entry;
            try {
                entry = (ObjectNode) JSON.readTree(lines.get(i));
            } catch (IOException | ClassCastException e) {
                return new Verification(false, i, i + 1, "not a JSON object");
            }
            String hash = entry.path("hash").asText();
            entry.remove("hash");
            if (!prev.equals(entry.path("prev").asText())) {
                return new Verification(false, i, i + 1, "prev does not match the hash of the line before");
            }
            if (!sha256(JSON.writeValueAsString(entry)).equals(hash)) {
                return new Verification(false, i, i + 1, "content does not match its hash");
            }
            prev = hash;
        }
        return new Verification(true, lines.size(), 0, "");
    }

    /**
     * The last {@code limit} entries, oldest first, as parsed JSON objects; a line that is not JSON
     * appears as {@code {"unreadable": <line number>}}. Reads the whole file (blocking).
     */
    public List<Map<String, Object>> recent(int limit) throws IOException {
        if (!Files.exists(file) || limit <= 0) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (int i = Math.max(0, lines.size() - limit); i < lines.size(); i++) {
            try {
                out.add(JSON.readValue(lines.get(i), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
            } catch (IOException e) {
                out.add(Map.of("unreadable", i + 1));
            }
        }
        return out;
    }

    private static String lastHash(RandomAccessFile raf) throws IOException {
        long len = raf.length();
        if (len == 0) {
            return GENESIS;
        }
        long pos = len - 2;
        while (pos > 0) {
            raf.seek(pos);
            if (raf.read() == '\n') {
                pos++;
                break;
            }
            pos--;
        }
        raf.seek(Math.max(pos, 0));
        byte[] tail = new byte[(int) (len - Math.max(pos, 0))];
        raf.readFully(tail);
        return JSON.readTree(new String(tail, StandardCharsets.UTF_8)).path("hash").asText(GENESIS);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
