package org.homeward.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.homeward.gateway.files.PrivateFiles;

/**
 * Append-only, tamper-evident audit log: one JSON object per line with a sequence number
 * ({@code seq}, 1, 2, … across all files), the SHA-256 of the previous entry ({@code prev}) and its
 * own ({@code hash}), so editing, removing or reordering any entry breaks the chain ({@link #verify}).
 * When the current file reaches {@code maxFileBytes} it is renamed to {@code <base>-NNNNNN.log} and a
 * new one begins whose first entry chains to the last hash of the one before, so the chain is
 * verifiable across files. Several processes (the gateway and the CLI) may append: each append takes
 * {@code <base>.lock} (and a lock per JVM), reads the last entry, rotates if due and writes one line.
 * Blocking (disk): call from a thread that may block, never an event loop.
 */
public final class AuditLog {
    /** Default rotation size, as the setting {@code audit.max-file-bytes}. */
    public static final long DEFAULT_MAX_FILE_BYTES = 16L << 20;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GENESIS = "0".repeat(64);
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private final Path file;
    private final long maxFileBytes;
    private final AuditFiles files;
    private final String node;

    public AuditLog(Path file) {
        this(file, DEFAULT_MAX_FILE_BYTES);
    }

    public AuditLog(Path file, long maxFileBytes) {
        this(file, maxFileBytes, "");
    }

    /**
     * {@code node} is the writer's {@code cluster.node-id} ("" for a single process): when set, every
     * new entry carries it as {@code "node"} inside the hashed content, so a chain says which node
     * wrote it and the id cannot be edited without breaking the chain. Entries without it still verify.
     */
    public AuditLog(Path file, long maxFileBytes, String node) {
        this.file = file;
        this.maxFileBytes = maxFileBytes;
        this.files = new AuditFiles(file);
        this.node = node == null ? "" : node;
    }

    /** The current file (older entries are in rotated files next to it). */
    public Path file() {
        return file;
    }

    /** One entry to append: {@code actor} is a user name, {@code cli} or {@code system}; pseudonyms only in details. */
    public record Entry(String actor, String action, Map<String, ?> details, Instant at) {
    }

    /**
     * Appends an entry. {@code actor} is a user name, {@code cli} or {@code system}; {@code details}
     * must hold pseudonyms only.
     */
    public void append(String actor, String action, Map<String, ?> details, Instant at) {
        appendAll(List.of(new Entry(actor, action, details, at)));
    }

    /**
     * Appends entries in order, chained, with one lock, one write and one fsync (a group commit: the
     * fsync, not the hashing, is what an append costs). Rotation is checked once, before the batch.
     */
    public void appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            locked(() -> {
                Tail tail = tail();
                if (Files.exists(file) && Files.size(file) >= maxFileBytes) {
                    Files.move(file, files.nextArchive());
                }
                StringBuilder lines = new StringBuilder();
                long seq = tail.seq();
                String prev = tail.hash();
                for (Entry e : entries) {
                    ObjectNode entry = JSON.createObjectNode();
                    entry.put("at", e.at().toString());
                    entry.put("actor", e.actor());
                    entry.put("action", e.action());
                    entry.set("details", JSON.valueToTree(e.details()));
                    if (!node.isEmpty()) {
                        entry.put("node", node);
                    }
                    entry.put("seq", ++seq);
                    entry.put("prev", prev);
                    prev = sha256(JSON.writeValueAsString(entry));
                    entry.put("hash", prev);
                    lines.append(JSON.writeValueAsString(entry)).append('\n');
                }
                try (FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(false);
                }
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Result of checking the chain: ok, or the first entry that breaks it: {@code file} (its name) and
     * {@code badLine} (1-based line in that file) and why. {@code entries} counts the intact entries.
     */
    public record Verification(boolean ok, int entries, int badLine, String why, String file, int files) {
    }

    /** Re-computes every hash and link through all files, oldest first (reads everything). */
    public Verification verify() throws IOException {
        String prev = GENESIS;
        long prevSeq = -1;
        int entries = 0;
        try (AuditFiles.Snapshot s = locked(files::open)) {
            for (AuditFiles.LogFile f : s.files) {
                String name = f.path().getFileName().toString();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(
                        LineIO.stream(f.channel(), 0, f.size()), StandardCharsets.UTF_8))) {
                    int line = 0;
                    for (String text = in.readLine(); text != null; text = in.readLine()) {
                        line++;
                        ObjectNode entry;
                        try {
                            entry = (ObjectNode) JSON.readTree(text);
                        } catch (IOException | ClassCastException e) {
                            return new Verification(false, entries, line, "not a JSON object", name, s.files.size());
                        }
                        String hash = entry.path("hash").asText();
                        entry.remove("hash");
                        if (!prev.equals(entry.path("prev").asText())) {
                            String why = line == 1 && entries > 0 ? "prev does not match the last hash of the file before"
                                    : "prev does not match the hash of the line before";
                            return new Verification(false, entries, line, why, name, s.files.size());
                        }
                        if (!sha256(JSON.writeValueAsString(entry)).equals(hash)) {
                            return new Verification(false, entries, line, "content does not match its hash", name,
                                    s.files.size());
                        }
                        long seq = entry.path("seq").asLong(-1);
                        if (seq >= 0 && prevSeq >= 0 && seq != prevSeq + 1) {
                            return new Verification(false, entries, line, "seq does not follow the entry before", name,
                                    s.files.size());
                        }
                        prevSeq = seq;
                        prev = hash;
                        entries++;
                    }
                }
            }
            return new Verification(true, entries, 0, "", "", s.files.size());
        }
    }

    /** The distinct {@code node} ids the entries claim, in order of first appearance (empty for a single-process log). */
    public java.util.Set<String> nodeIds() throws IOException {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        try (AuditFiles.Snapshot s = locked(files::open)) {
            for (AuditFiles.LogFile f : s.files) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(
                        LineIO.stream(f.channel(), 0, f.size()), StandardCharsets.UTF_8))) {
                    for (String text = in.readLine(); text != null; text = in.readLine()) {
                        try {
                            String id = JSON.readTree(text).path("node").asText("");
                            if (!id.isEmpty()) {
                                ids.add(id);
                            }
                        } catch (IOException e) {
                            // not JSON: verify() reports the line; the ids of the other lines still count
                        }
                    }
                }
            }
        }
        return ids;
    }

    /** True when the log has at least one file (current or rotated). */
    public boolean exists() throws IOException {
        return !files.list().isEmpty();
    }

    /**
     * A page of entries, oldest first. {@code after} ≥ 0: the first {@code limit} entries with a
     * greater {@code seq}; otherwise {@code before} &gt; 0: the last {@code limit} entries with a
     * smaller one; neither: the newest {@code limit}. Reads only the lines it returns plus a
     * binary search (entries written before {@code seq} existed count as seq 0).
     */
    public AuditPages.Page page(long after, long before, int limit) throws IOException {
        try (AuditFiles.Snapshot s = locked(files::open)) {
            return new AuditPages(s).page(after, before, limit);
        }
    }

    /** The last {@code limit} entries, oldest first, as parsed JSON objects. */
    public List<Map<String, Object>> recent(int limit) throws IOException {
        return limit <= 0 ? List.of() : page(-1, -1, limit).entries();
    }

    private record Tail(String hash, long seq) {
    }

    /** The last entry's hash and seq (searching back through rotated files when the current one is empty). */
    private Tail tail() throws IOException {
        List<Path> all = Files.exists(file) && Files.size(file) > 0 ? List.of(file) : files.list();
        for (int i = all.size() - 1; i >= 0; i--) {
            try (FileChannel ch = FileChannel.open(all.get(i), StandardOpenOption.READ)) {
                long size = ch.size();
                if (size == 0) {
                    continue;
                }
                JsonNode last = JSON.readTree(LineIO.lineFrom(ch, size, LineIO.previousLineStart(ch, size)).text());
                long seq = last.path("seq").asLong(-1);
                return new Tail(last.path("hash").asText(GENESIS), seq >= 0 ? seq : countLines(files.list()));
            }
        }
        return new Tail(GENESIS, 0);
    }

    /** For a log written before entries carried {@code seq}: number them on from the count of lines. */
    private static long countLines(List<Path> all) throws IOException {
        long n = 0;
        for (Path p : all) {
            try (var lines = Files.lines(p, StandardCharsets.UTF_8)) {
                n += lines.filter(l -> !l.isBlank()).count();
            }
        }
        return n;
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    private <T> T locked(Io<T> body) throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.log$", "") + ".lock");
        PrivateFiles.createDirectories(lockFile.toAbsolutePath().getParent());
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = PrivateFiles.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            return body.run();
        } finally {
            jvm.unlock();
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
