package org.homeward.gateway.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the gateway's files owner-only: files 0600, directories 0700 (issue 15: registry, journal
 * and audit log were created 0644, readable by every local account). Applies only to what it
 * creates; existing files and directories keep their permissions. On a file system without POSIX
 * permissions it creates them with the defaults (the directory's ACL must then protect them).
 *
 * <p>Threading: stateless, any thread; every method blocks on file I/O.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private PrivateFiles() {
    }

    /** {@link Files#createDirectories}, every directory it creates 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        return POSIX ? Files.createDirectories(dir, DIRECTORY) : Files.createDirectories(dir);
    }

    /** {@link FileChannel#open}, a file it creates 0600. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = Set.of(options);
        return POSIX ? FileChannel.open(file, set, FILE) : FileChannel.open(file, set);
    }

    /** Writes the whole file (created 0600, or truncated), without fsync. */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }
}
