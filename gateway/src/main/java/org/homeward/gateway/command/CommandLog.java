package org.homeward.gateway.command;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of device commands: one JSON line per transition in {@code commands.jsonl},
 * fsynced before the transition counts (so a command answered "queued" survives a crash). At open the
 * file is read back (last line per id wins; a torn last line from a crash is skipped) and rewritten
 * with one line per command, dropping finished commands older than the retention.
 *
 * <p>Threading: not thread-safe; {@link DeviceCommands} calls it from its own thread only.
 */
final class CommandLog implements AutoCloseable {
    static final String FILE = "commands.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(CommandLog.class);
    private final FileChannel channel;

    private CommandLog(FileChannel channel) {
        this.channel = channel;
    }

    /** Reads {@code dir/commands.jsonl} into {@code into} (by id, oldest first), compacts it and opens it for appends. */
    static CommandLog open(Path dir, long now, long keepFinishedMillis, Map<String, DeviceCommand> into) throws IOException {
        PrivateFiles.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Map<String, DeviceCommand> read = new LinkedHashMap<>();
        if (Files.exists(file)) {
            int damaged = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    DeviceCommand c = CommandJson.fromLogLine(line);
                    read.put(c.id(), c);
                } catch (IllegalArgumentException e) {
                    damaged++;
                }
            }
            if (damaged > 0) {
                LOG.warn("command log: skipped {} damaged line(s) of {}", damaged, file);
            }
        }
        read.values().removeIf(c -> c.state().terminal() && now - c.changedAt() > keepFinishedMillis);
        Path tmp = dir.resolve(FILE + ".tmp");
        PrivateFiles.write(tmp, lines(read.values()));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        into.putAll(read);
        return new CommandLog(PrivateFiles.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Appends the command's new state and forces it to disk. */
    void append(DeviceCommand c) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(CommandJson.logLine(c));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
    }

    private static byte[] lines(Collection<DeviceCommand> commands) {
        List<byte[]> parts = new ArrayList<>();
        int size = 0;
        for (DeviceCommand c : commands) {
            byte[] l = CommandJson.logLine(c);
            parts.add(l);
            size += l.length;
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        parts.forEach(all::put);
        return all.array();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
