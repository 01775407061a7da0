package io.flowplane.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throw-away CA and leaf certificates made with the openssl command, in a temporary directory. */
public final class Certificates {
    public record Leaf(Path cert, Path key) {
        public X509Certificate x509() {
            try (InputStream in = Files.newInputStream(cert)) {
                return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CertificateException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public final Path dir;
    public final Path caCert;
    private final Path caKey;

    private Certificates(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.caKey = dir.resolve("ca.key");
    }

    public static Certificates newCa(String name) {
        try {
            Certificates certificates = new Certificates(Files.createTempDirectory("fp-certs"));
            certificates.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=" + name, "-keyout", certificates.caKey.toString(), "-out",
                    certificates.caCert.toString(), "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param subjectAltNames e.g. "DNS:localhost", "IP:127.0.0.1", "URI:spiffe://flowplane/dataplane/dp_1" */
    public Leaf issue(String name, String... subjectAltNames) {
        return issue(name, 2, subjectAltNames);
    }

    /** A leaf of this CA that is already expired: its validity ended a day before it was made. */
    public Leaf issueExpired(String name, String... subjectAltNames) {
        return issue(name, -1, subjectAltNames);
    }

    private Leaf issue(String name, int days, String... subjectAltNames) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        Path extensions = dir.resolve(name + ".ext");
        try {
            Files.writeString(extensions, "subjectAltName=" + String.join(",", subjectAltNames) + "\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", key.toString(),
                "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", Integer.toString(days), "-extfile", extensions.toString(), "-out", cert.toString());
        return new Leaf(cert, key);
    }

    private void openssl(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("openssl is needed to make test certificates", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
