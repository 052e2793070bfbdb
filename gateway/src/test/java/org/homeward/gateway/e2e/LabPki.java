package org.homeward.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A lab CA and server certificate made with the {@code openssl} command line, exactly as
 * docs/security.md tells an operator to: EC P-256 keys (PKCS#8 PEM), a CA, a server certificate
 * for {@code localhost}/127.0.0.1 signed by it.
 */
final class LabPki {
    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    private final Path dir;

    private LabPki(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
    }

    static boolean available() {
        return Files.isExecutable(OPENSSL);
    }

    static LabPki create(Path dir) throws IOException, InterruptedException {
        LabPki p = new LabPki(dir);
        Path caKey = dir.resolve("ca.key");
        Path csr = dir.resolve("server.csr");
        Path ext = dir.resolve("server.ext");
        Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", caKey.toString());
        run(dir, "req", "-x509", "-new", "-key", caKey.toString(), "-sha256", "-days", "2", "-subj",
                "/CN=Homeward Lab CA", "-out", p.caCert.toString());
        run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", p.serverKey.toString());
        run(dir, "req", "-new", "-key", p.serverKey.toString(), "-subj", "/CN=localhost", "-out", csr.toString());
        run(dir, "x509", "-req", "-in", csr.toString(), "-CA", p.caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-sha256", "-extfile", ext.toString(), "-out", p.serverCert.toString());
        return p;
    }

    /**
     * A device certificate signed by this CA (step 3 of the README walkthrough): {@code <name>.key}
     * (PKCS#8 PEM) and {@code <name>.crt}, subject {@code subject} (e.g. {@code /CN=d-0001}).
     *
     * @return the certificate; the key is next to it
     */
    Path device(String name, String subject) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        Path ext = dir.resolve("device.ext");
        Files.writeString(ext, "extendedKeyUsage=clientAuth\n");
        run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        run(dir, "req", "-new", "-key", key.toString(), "-subj", subject, "-out", csr.toString());
        run(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey",
                dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-sha256", "-extfile",
                ext.toString(), "-out", cert.toString());
        return cert;
    }

    /** The private key written next to {@code cert} by {@link #device}. */
    static Path keyOf(Path cert) {
        return cert.resolveSibling(cert.getFileName().toString().replace(".crt", ".key"));
    }

    record Result(int exit, String output) {
    }

    /** Runs openssl with the given arguments and stdin closed; 60 s at most. */
    static Result openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(OPENSSL.toString());
        cmd.addAll(List.of(args));
        Process proc = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!proc.waitFor(60, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            return new Result(-1, "timed out: " + cmd);
        }
        return new Result(proc.exitValue(), new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void run(Path dir, String... args) throws IOException, InterruptedException {
        Result r = openssl(dir, args);
        if (r.exit() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + r.output());
        }
    }
}
