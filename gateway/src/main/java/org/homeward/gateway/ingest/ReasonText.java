package org.homeward.gateway.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Refusal reasons as devices read them (MQTT 5 Reason String, CoAP diagnostic payload): the full text when it
 * fits the protocol's limit, else cut at a word boundary with an ellipsis, never mid-word and never with a Java
 * class name. Stateless and thread-safe.
 */
public final class ReasonText {
    private static final String ELLIPSIS = "…";
    private static final int ELLIPSIS_BYTES = ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;

    private ReasonText() {
    }

    /**
     * The reason of a failed ingest future as a device may read it: {@code tag: detail} for an
     * {@link IngestException} (its message never names a class), a fixed text for anything else.
     */
    public static String of(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (t instanceof IngestException ie) {
            return ie.getMessage();
        }
        return FailureReason.STORAGE_FAILED.tag() + ": internal error; retry later";
    }

    /** Every refused record of a pack, in pack order: {@code #3 implausible_value: temp 52.0 Cel outside 25.0..45.0 °C; …}. */
    public static String rejections(List<RecordRejection> rejections) {
        StringBuilder b = new StringBuilder();
        for (RecordRejection r : rejections) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append('#').append(r.index()).append(' ').append(r.reason().tag()).append(": ").append(r.detail());
        }
        return b.toString();
    }

    /** {@code text} in at most {@code maxBytes} UTF-8 bytes: whole, or cut after a word with "…"; "" when nothing fits. */
    public static String fit(String text, int maxBytes) {
        if (text == null || maxBytes <= 0) {
            return "";
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int budget = maxBytes - ELLIPSIS_BYTES;
        if (budget <= 0) {
            return "";
        }
        int end = budget;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;   // never split a UTF-8 sequence
        }
        String head = new String(bytes, 0, end, StandardCharsets.UTF_8);
        boolean midWord = !Character.isWhitespace(text.charAt(head.length()))
                && head.length() > 0 && !Character.isWhitespace(head.charAt(head.length() - 1));
        if (midWord) {
            int space = lastSpace(head);
            head = space > 0 ? head.substring(0, space) : head;
        }
        return stripTrailing(head) + ELLIPSIS;
    }

    private static int lastSpace(String s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String stripTrailing(String s) {
        String t = s.stripTrailing();
        while (!t.isEmpty() && (t.endsWith(",") || t.endsWith(";") || t.endsWith(":"))) {
            t = t.substring(0, t.length() - 1).stripTrailing();
        }
        return t;
    }
}
