package io.flowplane.xds.binding;

import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.flowplane.core.text.Untrusted;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;

/**
 * What an ADS stream proved when it opened, and so which dataplane its node may bind to. A credential
 * proves one dataplane: the node may only name that one. A certificate proves the dataplanes its SANs
 * name. A stream that proved nothing (only where unauthenticated dataplanes are allowed) binds as its
 * node claims, and no failover waits for it.
 */
public final class StreamIdentity {
    public enum Proof { CREDENTIAL, CERTIFICATE, NONE }

    /** The binding of a node, or the status that ends its stream. */
    public record Resolution(NodeBinding binding, Status refusal) {
        static Resolution of(NodeBinding binding) {
            return new Resolution(binding, null);
        }

        static Resolution refused(Status status) {
            return new Resolution(null, status);
        }
    }

    private final Proof proof;
    private final CertificateIdentity certificate;
    private final String credentialSha256;
    private final String dataplaneId;
    private final String credentialId;

    private StreamIdentity(Proof proof, CertificateIdentity certificate, String credentialSha256, String dataplaneId,
            String credentialId) {
        this.proof = proof;
        this.certificate = certificate;
        this.credentialSha256 = credentialSha256;
        this.dataplaneId = dataplaneId;
        this.credentialId = credentialId;
    }

    static StreamIdentity credential(String sha256, FleetSnapshot.HeldCredential held, CertificateIdentity certificate) {
        return new StreamIdentity(Proof.CREDENTIAL, certificate, sha256, held.dataplaneId(), held.credential().id());
    }

    static StreamIdentity certificate(CertificateIdentity certificate) {
        return new StreamIdentity(Proof.CERTIFICATE, certificate, null, null, null);
    }

    public static StreamIdentity unauthenticated() {
        return new StreamIdentity(Proof.NONE, CertificateIdentity.NONE, null, null, null);
    }

    public Proof proof() {
        return proof;
    }

    public boolean authenticated() {
        return proof != Proof.NONE;
    }

    /** The dataplane a credential proves; null for other proofs. */
    public String credentialDataplaneId() {
        return dataplaneId;
    }

    /** For status and logs: never the secret. */
    public String describe() {
        return switch (proof) {
            case CREDENTIAL -> "credential " + credentialId + " of dataplane " + dataplaneId;
            case CERTIFICATE -> "certificate " + certificate.describe();
            case NONE -> "nothing (unauthenticated dataplanes are allowed)";
        };
    }

    /** Which dataplane {@code node} binds to in {@code snapshot}, within what this identity proves at {@code now}. */
    public Resolution resolve(Node node, FleetSnapshot snapshot, Instant now) {
        return switch (proof) {
            case CREDENTIAL -> resolveCredential(node, snapshot, now);
            case CERTIFICATE -> resolveCertificate(NodeBinder.bind(node, snapshot));
            case NONE -> Resolution.of(NodeBinder.bind(node, snapshot));
        };
    }

    private Resolution resolveCredential(Node node, FleetSnapshot snapshot, Instant now) {
        boolean stillValid = snapshot.credential(credentialSha256, now)
                .filter(held -> held.dataplaneId().equals(dataplaneId)).isPresent();
        if (!stillValid) {
            return Resolution.refused(Status.UNAUTHENTICATED.withDescription("credential " + credentialId
                    + " of dataplane " + dataplaneId + " was revoked or has expired"));
        }
        Value claimed = node.getMetadata().getFieldsMap().get(NodeBinder.DATAPLANE_ID_METADATA);
        if (claimed != null && !dataplaneId.equals(claimed.getStringValue())) {
            return deny("node metadata " + NodeBinder.DATAPLANE_ID_METADATA + " names dataplane "
                    + Untrusted.quote(claimed.getStringValue(), 100));
        }
        List<String> listing = snapshot.dataplaneIdsForNodeCluster(node.getCluster());
        if (claimed == null && !listing.isEmpty() && !listing.contains(dataplaneId)) {
            return deny("node cluster " + Untrusted.quote(node.getCluster(), 100) + " belongs to dataplane "
                    + String.join(", ", listing));
        }
        if (certificate.present() && !certificate.matches(dataplaneId)) {
            return deny("certificate " + certificate.describe() + " names another dataplane");
        }
        return Resolution.of(NodeBinding.bound(dataplaneId));
    }

    private Resolution deny(String what) {
        return Resolution.refused(Status.PERMISSION_DENIED.withDescription(what + ", but the stream's credential is "
                + "dataplane " + dataplaneId + "'s; a credential is only served its own dataplane"));
    }

    private Resolution resolveCertificate(NodeBinding claimed) {
        if (claimed.isBound() && !certificate.matches(claimed.dataplaneId())) {
            return Resolution.refused(Status.PERMISSION_DENIED.withDescription("the node claims dataplane "
                    + claimed.dataplaneId() + ", but certificate " + certificate.describe() + " does not name it"));
        }
        return Resolution.of(claimed);
    }
}
