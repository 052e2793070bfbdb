package org.homeward.gateway.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Reads one page of the audit log from an open {@link AuditFiles.Snapshot}: finds the file by the
 * {@code seq} of its first line, the line inside it by binary search over byte offsets (seq rises
 * line by line), then reads only the page's lines forwards or backwards. Blocking.
 */
public final class AuditPages {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private final List<AuditFiles.LogFile> files;

    AuditPages(AuditFiles.Snapshot snapshot) {
        this.files = snapshot.files;
    }

    /**
     * One page, oldest first. {@code more}: entries exist beyond the page in the direction read
     * (newer for {@code after}, older for {@code before} and the newest page).
     */
    public record Page(List<Map<String, Object>> entries, boolean more) {
    }

    Page page(long after, long before, int limit) throws IOException {
        if (after >= 0) {
            return forward(locate(after + 1), limit);
        }
        return backward(before > 0 ? locate(before) : end(), limit);
    }

    /** A position: file index and byte offset of a line start. */
    private record Pos(int file, long offset) {
    }

    private Pos end() {
        return files.isEmpty() ? new Pos(0, 0) : new Pos(files.size() - 1, files.get(files.size() - 1).size());
    }

    /** The position of the first entry with seq ≥ {@code seq} (the end when there is none). */
    private Pos locate(long seq) throws IOException {
        for (int i = files.size() - 1; i >= 0; i--) {
            AuditFiles.LogFile f = files.get(i);
            LineIO.Line first = LineIO.lineFrom(f.channel(), f.size(), 0);
            if (first != null && seqOf(first) < seq) {
                return new Pos(i, search(f, seq));
            }
        }
        return new Pos(0, 0);
    }

    /** Smallest line start in {@code f} whose line has seq ≥ {@code seq} (the file's size if none). */
    private static long search(AuditFiles.LogFile f, long seq) throws IOException {
        long lo = 0;
        long hi = f.size();
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            LineIO.Line l = LineIO.lineAtOrAfter(f.channel(), f.size(), mid);
            if (l == null || seqOf(l) >= seq) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        LineIO.Line l = LineIO.lineAtOrAfter(f.channel(), f.size(), lo);
        return l == null ? f.size() : l.start();
    }

    private Page forward(Pos from, int limit) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        long offset = from.offset();
        for (int i = from.file(); i < files.size(); i++, offset = 0) {
            AuditFiles.LogFile f = files.get(i);
            for (LineIO.Line l = LineIO.lineFrom(f.channel(), f.size(), offset); l != null;
                 l = LineIO.lineFrom(f.channel(), f.size(), l.end())) {
                if (l.text().isBlank()) {
                    continue;
                }
                if (out.size() == limit) {
                    return new Page(out, true);
                }
                out.add(parse(l, f));
            }
        }
        return new Page(out, false);
    }

    private Page backward(Pos to, int limit) throws IOException {
        Deque<Map<String, Object>> out = new ArrayDeque<>();
        long offset = to.offset();
        for (int i = to.file(); i >= 0 && i < files.size(); i--) {
            AuditFiles.LogFile f = files.get(i);
            if (i != to.file()) {
                offset = f.size();
            }
            while (offset > 0) {
                long start = LineIO.previousLineStart(f.channel(), offset);
                LineIO.Line l = LineIO.lineFrom(f.channel(), f.size(), start);
                offset = start;
                if (l == null || l.text().isBlank()) {
                    continue;
                }
                if (out.size() == limit) {
                    return new Page(new ArrayList<>(out), true);
                }
                out.addFirst(parse(l, f));
            }
        }
        return new Page(new ArrayList<>(out), false);
    }

    private static long seqOf(LineIO.Line l) {
        try {
            return AuditLog.JSON.readTree(l.text()).path("seq").asLong(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Map<String, Object> parse(LineIO.Line l, AuditFiles.LogFile f) {
        try {
            return AuditLog.JSON.readValue(l.text(), MAP);
        } catch (IOException e) {
            return Map.of("unreadable", f.path().getFileName().toString() + "@" + l.start());
        }
    }
}
