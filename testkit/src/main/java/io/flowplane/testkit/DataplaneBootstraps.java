package io.flowplane.testkit;

import java.util.Map;

/**
 * Envoy bootstraps from the API as an operator gets them: issue the dataplane a credential, then ask for the
 * bootstrap with it, so the Envoy's ADS stream proves its dataplane.
 */
public final class DataplaneBootstraps {
    public static final String CREDENTIAL_HEADER = "X-Flowplane-Dataplane-Credential";

    private DataplaneBootstraps() {}

    /** A new credential of {@code team}'s {@code dataplane} (the dataplane's others stay valid for an hour). */
    public static String issueCredential(Http api, String team, String dataplane) {
        Http.Reply issued = api.post("/api/v1/teams/" + team + "/dataplanes/" + dataplane + "/credentials", "{}");
        if (issued.status() != 201) {
            throw new IllegalStateException("issuing a credential for " + team + "/" + dataplane + " answered "
                    + issued.status() + ": " + issued.body());
        }
        return issued.json().path("credential").asText();
    }

    /** A dataplane's YAML bootstrap and the credential it carries (a test may need to search for it, or present it). */
    public record Issued(String yaml, String credential) {}

    /**
     * The YAML bootstrap of {@code team}'s {@code dataplane}, carrying a new credential.
     *
     * @param query the bootstrap's query string without '?', e.g. "admin_port=19000&node_id=envoy-1"
     */
    public static String bootstrap(Http api, String team, String dataplane, String query) {
        return issue(api, team, dataplane, query).yaml();
    }

    /** As {@link #bootstrap}, with the credential it carries. */
    public static Issued issue(Http api, String team, String dataplane, String query) {
        String credential = issueCredential(api, team, dataplane);
        Http.Reply reply = api.get("/api/v1/teams/" + team + "/dataplanes/" + dataplane + "/bootstrap?" + query,
                Map.of(CREDENTIAL_HEADER, credential));
        if (reply.status() != 200) {
            throw new IllegalStateException("the bootstrap of " + team + "/" + dataplane + " answered "
                    + reply.status() + ": " + reply.body());
        }
        return new Issued(reply.body(), credential);
    }
}
