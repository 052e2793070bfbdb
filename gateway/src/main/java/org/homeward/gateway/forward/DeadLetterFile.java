package org.homeward.gateway.forward;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import org.homeward.gateway.files.PrivateFiles;

/**
 * Append-only JSON-lines file of records a sink refused for good, one object per line:
 * {@code {"at", "sink", "sequence", "key", "reason", "record"}} ({@code record} is the
 * {@link RecordJson} form, or null when the journal entry itself could not be decoded).
 * Each line is fsync'd before the cursor may pass it. Used by the forwarder thread only.
 */
final class DeadLetterFile {
    private final Path file;
    private final String sink;
    private final Clock clock;

    DeadLetterFile(Path file, String sink, Clock clock) {
        this.file = file;
        this.sink = sink;
        this.clock = clock;
    }

    void write(ForwardRecord record, String reason) throws IOException {
        ObjectNode line = header(record.sequence(), reason);
        line.put("key", record.idempotencyKey());
        line.set("record", RecordJson.toNode(record));
        append(line);
    }

    void writeUndecodable(long sequence, String reason) throws IOException {
        ObjectNode line = header(sequence, reason);
        line.putNull("key");
        line.putNull("record");
        append(line);
    }

    private ObjectNode header(long sequence, String reason) {
        ObjectNode n = RecordJson.mapper().createObjectNode();
        n.put("at", Instant.ofEpochMilli(clock.millis()).toString());
        n.put("sink", sink);
        n.put("sequence", sequence);
        n.put("reason", reason);
        return n;
    }

    private void append(ObjectNode line) throws IOException {
        PrivateFiles.createDirectories(file.getParent());
        byte[] bytes = (RecordJson.mapper().writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(false);
        }
    }
}
