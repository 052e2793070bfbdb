package org.homeward.gateway.adapter.coap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import org.eclipse.californium.elements.util.SslContextUtil;

/**
 * Reads and checks the DTLS X.509 files once, at start-up, so a wrong file stops the gateway with
 * one specific message instead of failing every handshake later: file missing or unreadable, no
 * private key, no certificate, key not matching the certificate, a server certificate without
 * subject CN or subjectAltName, no CA certificate to trust. Stateless; any thread.
 */
final class X509Credentials {
    private X509Credentials() {
    }

    /** The loaded key, chain and trusted CAs. */
    record Loaded(PrivateKey privateKey, X509Certificate[] chain, Certificate[] trustedCas) {
    }

    /**
     * @throws IllegalArgumentException naming the setting and file, with what is wrong
     */
    static Loaded load(CoapSettings.X509 x509) {
        String chainPem = read("coaps.x509.cert", x509.certificateChain());
        String keyPem = x509.privateKey().equals(x509.certificateChain()) ? chainPem
                : read("coaps.x509.key", x509.privateKey());
        SslContextUtil.Credentials credentials = credentials(keyPem, chainPem, x509);
        X509Certificate[] chain = credentials.getCertificateChain();
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("coaps.x509.cert: " + x509.certificateChain()
                    + " holds no certificate (PEM 'BEGIN CERTIFICATE' expected)");
        }
        checkPair(credentials.getPrivateKey(), chain[0], x509);
        if (commonName(chain[0]).isEmpty() && !hasSubjectAltName(chain[0])) {
            throw new IllegalArgumentException("coaps.x509.cert: " + x509.certificateChain()
                    + ": the server certificate has neither a subject CN nor a subjectAltName");
        }
        return new Loaded(credentials.getPrivateKey(), chain, trustedCas(x509.trustedCas()));
    }

    /** The subject CN of {@code cert}, or "" if it has none. */
    static String commonName(X509Certificate cert) {
        try {
            return new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(r -> r.getType().equalsIgnoreCase("CN")).map(r -> r.getValue().toString())
                    .findFirst().orElse("");
        } catch (InvalidNameException e) {
            return "";
        }
    }

    private static SslContextUtil.Credentials credentials(String keyPem, String chainPem, CoapSettings.X509 x509) {
        String both = keyPem.equals(chainPem) ? chainPem : keyPem + "\n" + chainPem;
        try (InputStream in = new ByteArrayInputStream(both.getBytes(StandardCharsets.US_ASCII))) {
            SslContextUtil.Credentials c = SslContextUtil.loadPemCredentials(in);
            if (c.getPrivateKey() == null) {
                throw new GeneralSecurityException("no private key");
            }
            return c;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).contains("match")) {
                throw mismatch(x509);
            }
            throw new IllegalArgumentException("coaps.x509.key: cannot read a private key from " + x509.privateKey()
                    + " (PKCS#8 or EC/RSA PEM expected): " + e.getMessage(), e);
        }
    }

    private static void checkPair(PrivateKey key, X509Certificate cert, CoapSettings.X509 x509) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "homeward key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            PublicKey publicKey = cert.getPublicKey();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's lands here too
        }
        throw mismatch(x509);
    }

    private static IllegalArgumentException mismatch(CoapSettings.X509 x509) {
        return new IllegalArgumentException("coaps.x509.key: " + x509.privateKey()
                + " does not belong to the first certificate in " + x509.certificateChain());
    }

    private static boolean hasSubjectAltName(X509Certificate cert) {
        try {
            return cert.getSubjectAlternativeNames() != null && !cert.getSubjectAlternativeNames().isEmpty();
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static Certificate[] trustedCas(Path file) {
        read("coaps.x509.client-ca", file);
        try {
            Certificate[] cas = SslContextUtil.loadTrustedCertificates(file.toString());
            if (cas == null || cas.length == 0) {
                throw new GeneralSecurityException("no certificate");
            }
            return cas;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("coaps.x509.client-ca: " + file
                    + " holds no CA certificate (PEM 'BEGIN CERTIFICATE' expected): " + e.getMessage(), e);
        }
    }

    private static String read(String setting, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(setting + ": no such file " + file);
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
