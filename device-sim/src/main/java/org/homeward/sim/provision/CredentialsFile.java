package org.homeward.sim.provision;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeward.sim.model.DeviceKind;

/**
 * Reads and writes {@code creds.json}: a JSON array of
 * {@code {"deviceId","secret","patientId","kind"}}. Written owner-readable only where the file
 * system allows, since it holds secrets.
 */
public final class CredentialsFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CredentialsFile() {
    }

    public static List<Credential> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("credentials file " + file + " not found; create it with "
                    + "'provision --gateway-jar gateway/target/homeward-gateway.jar --out " + file + "'");
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Credential>>() { });
        } catch (IOException e) {
            throw new IOException("credentials file " + file + " is not a JSON array of "
                    + "{deviceId, secret, patientId, kind}: " + e.getMessage(), e);
        }
    }

    public static void write(Path file, List<Credential> creds) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, ".creds", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; keep the default permissions
        }
        JSON.writeValue(tmp.toFile(), creds);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Groups credentials by patient (file order kept): patientId → kind → credential. */
    public static Map<String, Map<DeviceKind, Credential>> byPatient(List<Credential> creds) {
        Map<String, Map<DeviceKind, Credential>> out = new LinkedHashMap<>();
        for (Credential c : creds) {
            out.computeIfAbsent(c.patientId(), p -> new LinkedHashMap<>()).put(DeviceKind.fromCliName(c.kind()), c);
        }
        return out;
    }

    /** Patients that have all three kit devices, in file order. */
    public static List<String> completeKits(Map<String, Map<DeviceKind, Credential>> byPatient) {
        List<String> out = new ArrayList<>();
        byPatient.forEach((p, kit) -> {
            if (kit.keySet().containsAll(List.of(DeviceKind.values()))) {
                out.add(p);
            }
        });
        return out;
    }
}
