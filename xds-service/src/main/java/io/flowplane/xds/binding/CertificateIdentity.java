package io.flowplane.xds.binding;

import io.grpc.Context;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The dataplane identity of a client certificate: its URI SAN {@code spiffe://flowplane/dataplane/<id>}
 * or its DNS SANs. A stream whose client presented a certificate is only served the dataplanes the
 * certificate names (see {@link StreamIdentity}).
 */
public final class CertificateIdentity {
    public static final String SPIFFE_PREFIX = "spiffe://flowplane/dataplane/";
    public static final CertificateIdentity NONE = new CertificateIdentity(null, List.of(), List.of());
    /** Set per call by {@link PeerCertificateInterceptor}. */
    static final Context.Key<CertificateIdentity> CONTEXT_KEY = Context.keyWithDefault("flowplane-peer-identity", NONE);

    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private final String subject;
    private final List<String> uris;
    private final List<String> dnsNames;

    private CertificateIdentity(String subject, List<String> uris, List<String> dnsNames) {
        this.subject = subject;
        this.uris = List.copyOf(uris);
        this.dnsNames = List.copyOf(dnsNames);
    }

    public static CertificateIdentity current() {
        return CONTEXT_KEY.get();
    }

    public static CertificateIdentity of(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        List<String> dnsNames = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                int kind = (Integer) name.get(0);
                if (kind == SAN_URI) {
                    uris.add((String) name.get(1));
                } else if (kind == SAN_DNS) {
                    dnsNames.add((String) name.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            // Unreadable SANs: the certificate names no dataplane, so it matches none.
        }
        return new CertificateIdentity(certificate.getSubjectX500Principal().getName(), uris, dnsNames);
    }

    public boolean present() {
        return subject != null;
    }

    public boolean matches(String dataplaneId) {
        return uris.contains(SPIFFE_PREFIX + dataplaneId) || dnsNames.contains(dataplaneId);
    }

    /** The SPIFFE URI when there is one, else the DNS names, else the subject. */
    public String describe() {
        Optional<String> spiffe = uris.stream().filter(u -> u.startsWith("spiffe://")).findFirst();
        if (spiffe.isPresent()) {
            return spiffe.get();
        }
        if (!dnsNames.isEmpty()) {
            return String.join(",", dnsNames);
        }
        return subject == null ? "(none)" : subject;
    }

    @Override
    public String toString() {
        return describe();
    }
}
