package org.homeward.gateway.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.homeward.gateway.files.PrivateFiles;

/**
 * The persisted position of one forwarder: the highest journal sequence whose records the sink
 * has confirmed (or dead-lettered), as decimal text. Written atomically: temp file, fsync,
 * rename over the old file, fsync of the directory, so a crash leaves either the old or the new
 * value, never a torn one. Used by the forwarder thread only.
 */
final class CursorFile {
    private final Path file;
    private final Path temp;

    CursorFile(Path file) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
    }

    /** Reads the cursor; 0 when none was written yet. A damaged file is an error, never a guess. */
    long read() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new IOException("negative cursor in " + file + ": " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("damaged cursor file " + file + ": '" + text + "'", e);
        }
    }

    void write(long sequence) throws IOException {
        PrivateFiles.createDirectories(file.getParent());
        byte[] bytes = (sequence + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = PrivateFiles.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(file.getParent());
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the rename itself is still atomic there.
        }
    }
}
