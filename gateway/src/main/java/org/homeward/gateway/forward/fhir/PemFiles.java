package org.homeward.gateway.forward.fhir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * PEM files of the FHIR sink, read once at start-up with the JDK only: a PKCS#8 private key
 * ({@code BEGIN PRIVATE KEY}, RSA or EC) and X.509 certificates. Every failure is an
 * {@link IllegalArgumentException} naming the setting and the file, so a wrong file stops
 * start-up with one clear message. Stateless; any thread.
 */
final class PemFiles {
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemFiles() {
    }

    static PrivateKey privateKey(String setting, Path file) {
        Matcher m = KEY.matcher(read(setting, file));
        if (!m.find()) {
            throw new IllegalArgumentException(setting + ": " + file
                    + " holds no PKCS#8 private key (PEM 'BEGIN PRIVATE KEY' expected; convert with openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(setting + ": " + file + ": the key is neither RSA nor EC");
    }

    static List<Certificate> certificates(String setting, Path file) {
        try {
            List<Certificate> certs = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(read(setting, file).getBytes(StandardCharsets.US_ASCII))));
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("no certificate");
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": " + file
                    + " holds no X.509 certificate (PEM 'BEGIN CERTIFICATE' expected): " + e.getMessage(), e);
        }
    }

    /**
     * A TLS context for the FHIR client: trust = the CAs in {@code trustFile} (null = the JVM's
     * trust store); a client certificate chain and key for mutual TLS when both are given.
     */
    static SSLContext sslContext(Path trustFile, Path certFile, Path keyFile) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustFile == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trust = emptyStore();
                int i = 0;
                for (Certificate c : certificates("forward.fhir.tls.trust", trustFile)) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certFile != null && keyFile != null) {
                KeyStore keys = emptyStore();
                keys.setKeyEntry("client", privateKey("forward.fhir.tls.client-key", keyFile), new char[0],
                        certificates("forward.fhir.tls.client-cert", certFile).toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("forward.fhir.tls: cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private static String read(String setting, Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
