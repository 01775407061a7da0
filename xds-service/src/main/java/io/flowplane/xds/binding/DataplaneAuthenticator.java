package io.flowplane.xds.binding;

import io.flowplane.xds.snapshot.FleetSnapshot;
import io.grpc.Status;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, when an ADS stream opens and before it holds any state, what it proves: a dataplane credential
 * (checked against the configuration served), a client certificate (checked by TLS), or nothing, which is
 * refused with UNAUTHENTICATED unless unauthenticated dataplanes are explicitly allowed.
 */
public final class DataplaneAuthenticator {
    private final boolean allowUnauthenticated;

    public DataplaneAuthenticator(boolean allowUnauthenticated) {
        this.allowUnauthenticated = allowUnauthenticated;
    }

    public boolean allowsUnauthenticated() {
        return allowUnauthenticated;
    }

    /** The identity of the call whose context is current, or why it is refused. */
    public Decision authenticateCurrentCall(Optional<FleetSnapshot> snapshot, Instant now) {
        return authenticate(CertificateIdentity.current(), PresentedCredential.current(), snapshot, now);
    }

    public Decision authenticate(CertificateIdentity certificate, PresentedCredential credential,
            Optional<FleetSnapshot> snapshot, Instant now) {
        if (credential.malformed()) {
            return Decision.refused(Status.UNAUTHENTICATED.withDescription(credential.malformedReason()));
        }
        if (credential.present()) {
            if (snapshot.isEmpty()) {
                return Decision.refused(Status.UNAVAILABLE.withDescription(
                        "no configuration loaded yet, so the dataplane credential cannot be checked; retry"));
            }
            return snapshot.get().credential(credential.sha256(), now)
                    .map(held -> Decision.of(StreamIdentity.credential(credential.sha256(), held, certificate)))
                    .orElseGet(() -> Decision.refused(Status.UNAUTHENTICATED.withDescription(
                            "the dataplane credential is unknown, revoked or expired")));
        }
        if (certificate.present()) {
            return Decision.of(StreamIdentity.certificate(certificate));
        }
        if (allowUnauthenticated) {
            return Decision.of(StreamIdentity.unauthenticated());
        }
        return Decision.refused(Status.UNAUTHENTICATED.withDescription("no dataplane credential: send "
                + "'authorization: Bearer <credential>' in the ADS stream's initial_metadata (a bootstrap from "
                + "GET .../dataplanes/{name}/bootstrap with the credential carries it) or a client certificate"));
    }

    /** An identity, or the status that refuses the stream. */
    public record Decision(StreamIdentity identity, Status refusal) {
        static Decision of(StreamIdentity identity) {
            return new Decision(identity, null);
        }

        static Decision refused(Status status) {
            return new Decision(null, status);
        }
    }
}
