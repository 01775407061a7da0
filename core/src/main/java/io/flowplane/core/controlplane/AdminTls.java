package io.flowplane.core.controlplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS on the admin port, where the control-plane hooks carry FLOWPLANE_ADMIN_TOKEN and database URLs:
 * its settings, the key store the services serve it from ({@link AdminConnectors}), and the trust the worker
 * verifies the hooks with. Plain JDK, so the worker can use it without Dropwizard.
 */
public final class AdminTls {
    public static final String CERT_PATH = "FLOWPLANE_ADMIN_TLS_CERT_PATH";
    public static final String KEY_PATH = "FLOWPLANE_ADMIN_TLS_KEY_PATH";
    public static final String CA_PATH = "FLOWPLANE_ADMIN_TLS_CA_PATH";

    private AdminTls() {}

    /** TLS that trusts the PEM CAs in {@code caPath} (for the worker's calls to the hooks). */
    public static SSLContext trusting(Path caPath) {
        try (InputStream in = Files.newInputStream(caPath)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + n++, ca);
            }
            if (n == 0) {
                throw new IllegalArgumentException(CA_PATH + " (" + caPath + ") holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CA_PATH + " (" + caPath + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(CA_PATH + " (" + caPath + ") is not usable: " + e.getMessage(), e);
        }
    }

    /** A PKCS#12 store of the certificate chain and key, in a file only this user can read, gone at exit. */
    public static Path keyStore(Path certPem, Path keyPem, char[] password) {
        try (InputStream in = Files.newInputStream(certPem)) {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(CERT_PATH + " (" + certPem + ") holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("admin", privateKey(keyPem), password, chain.toArray(new Certificate[0]));
            Path file = Files.createTempFile("flowplane-admin-tls", ".p12",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CERT_PATH + " or " + KEY_PATH, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(CERT_PATH + " and " + KEY_PATH + " are not a usable PEM certificate "
                    + "and PKCS#8 key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path keyPem) throws IOException, GeneralSecurityException {
        String pem = Files.readString(keyPem, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(KEY_PATH + " (" + keyPem + ") is not a PKCS#8 PEM key ('BEGIN PRIVATE "
                    + "KEY'); convert it with `openssl pkcs8 -topk8 -nocrypt`");
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException(KEY_PATH + " (" + keyPem + ") is not an RSA, EC or Ed25519 key");
    }
}
