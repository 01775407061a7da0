package io.flowplane.xds.ads;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.flowplane.core.text.Untrusted;
import io.flowplane.xds.snapshot.TypeUrls;
import io.grpc.Status;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a request before it is handled. What no well-behaved client sends is refused with a status
 * saying why: malformed or oversized fields with INVALID_ARGUMENT, more names than the configured limit
 * with RESOURCE_EXHAUSTED. A null result means the request is fine.
 */
final class RequestCheck {
    /** type_url, response_nonce, version_info, resource names and versions, node id and cluster. */
    static final int MAX_FIELD_LENGTH = 1024;
    static final int MAX_NODE_METADATA_BYTES = 64 * 1024;
    /** A NACK is never refused; its message is cut to this many characters before it is kept or logged. */
    static final int MAX_NACK_MESSAGE_LENGTH = 4096;
    static final Set<String> SERVED_TYPES = Set.copyOf(TypeUrls.PUSH_ORDER);

    private static final int QUOTED_LENGTH = 100;
    private static final Pattern TYPE_URL =
            Pattern.compile("type\\.googleapis\\.com/[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private RequestCheck() {}

    static Status sotw(DiscoveryRequest request, AdsLimits limits) {
        Status refusal = common(request.getTypeUrl(), request.getResponseNonce());
        if (refusal == null) {
            refusal = length("version_info", request.getVersionInfo());
        }
        if (refusal == null) {
            refusal = names("resource_names", request.getResourceNamesList(), request.getTypeUrl(), limits);
        }
        return refusal;
    }

    static Status delta(DeltaDiscoveryRequest request, AdsLimits limits) {
        String typeUrl = request.getTypeUrl();
        Status refusal = common(typeUrl, request.getResponseNonce());
        if (refusal == null) {
            refusal = names("resource_names_subscribe", request.getResourceNamesSubscribeList(), typeUrl, limits);
        }
        if (refusal == null) {
            refusal = names("resource_names_unsubscribe", request.getResourceNamesUnsubscribeList(), typeUrl, limits);
        }
        if (refusal == null) {
            refusal = initialVersions(request.getInitialResourceVersionsMap(), typeUrl, limits);
        }
        return refusal;
    }

    /** A delta stream's subscription after a request's changes. */
    static Status subscribedNames(int count, String typeUrl, AdsLimits limits) {
        if (count <= limits.maxResourceNamesPerType()) {
            return null;
        }
        return Status.RESOURCE_EXHAUSTED.withDescription("the subscription to " + TypeUrls.shortName(typeUrl)
                + " would hold " + count + " names, more than the limit of " + limits.maxResourceNamesPerType()
                + " (xds.maxResourceNamesPerType)");
    }

    /** The node of the stream's first request: required, not empty, and of bounded size. */
    static Status firstNode(Node node) {
        if (node == null || node.equals(Node.getDefaultInstance())) {
            return Status.INVALID_ARGUMENT.withDescription("the first request on a stream must carry a node"
                    + (node == null ? "" : " that is not empty"));
        }
        Status refusal = length("node.id", node.getId());
        if (refusal == null) {
            refusal = length("node.cluster", node.getCluster());
        }
        int metadataBytes = node.getMetadata().getSerializedSize();
        if (refusal == null && metadataBytes > MAX_NODE_METADATA_BYTES) {
            refusal = Status.INVALID_ARGUMENT.withDescription("node.metadata is " + metadataBytes
                    + " bytes, more than " + MAX_NODE_METADATA_BYTES);
        }
        return refusal;
    }

    static String quote(String value) {
        return Untrusted.quote(value, QUOTED_LENGTH);
    }

    /** A NACK's error message, cut to {@link #MAX_NACK_MESSAGE_LENGTH} characters. */
    static String nackMessage(com.google.rpc.Status errorDetail) {
        String message = errorDetail.getMessage();
        int over = message.length() - MAX_NACK_MESSAGE_LENGTH;
        return over <= 0 ? message
                : message.substring(0, MAX_NACK_MESSAGE_LENGTH) + "… (" + over + " more characters)";
    }

    private static Status common(String typeUrl, String nonce) {
        if (typeUrl.isEmpty()) {
            return Status.INVALID_ARGUMENT.withDescription("request without type_url");
        }
        Status refusal = length("type_url", typeUrl);
        if (refusal == null && !TYPE_URL.matcher(typeUrl).matches()) {
            refusal = Status.INVALID_ARGUMENT.withDescription("unknown type url " + quote(typeUrl)
                    + ": not of the form type.googleapis.com/<protobuf message name>");
        }
        if (refusal == null) {
            refusal = length("response_nonce", nonce);
        }
        return refusal;
    }

    private static Status names(String field, Collection<String> names, String typeUrl, AdsLimits limits) {
        if (names.size() > limits.maxResourceNamesPerType()) {
            return Status.RESOURCE_EXHAUSTED.withDescription(field + " lists " + names.size() + " names for "
                    + TypeUrls.shortName(typeUrl) + ", more than the limit of " + limits.maxResourceNamesPerType()
                    + " (xds.maxResourceNamesPerType)");
        }
        for (String name : names) {
            if (name.length() > MAX_FIELD_LENGTH) {
                return Status.INVALID_ARGUMENT.withDescription("a name in " + field + " is " + name.length()
                        + " characters long, more than " + MAX_FIELD_LENGTH + ": " + quote(name));
            }
        }
        return null;
    }

    private static Status initialVersions(Map<String, String> versions, String typeUrl, AdsLimits limits) {
        Status refusal = names("initial_resource_versions", versions.keySet(), typeUrl, limits);
        for (String version : versions.values()) {
            if (refusal == null) {
                refusal = length("a version in initial_resource_versions", version);
            }
        }
        return refusal;
    }

    private static Status length(String field, String value) {
        if (value.length() <= MAX_FIELD_LENGTH) {
            return null;
        }
        return Status.INVALID_ARGUMENT.withDescription(field + " is " + value.length() + " characters long, more than "
                + MAX_FIELD_LENGTH + ": " + quote(value));
    }
}
