package io.flowplane.xds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.util.List;
import java.util.Map;

/** A scripted delta xDS client: one stream, requests sent by hand, responses collected in order. */
public final class DeltaClient extends ScriptedStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> {
    private final Node node;
    private boolean nodeSent;

    private DeltaClient(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, Node node) {
        super(stub::deltaAggregatedResources);
        this.node = node;
    }

    public static DeltaClient connect(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, Node node) {
        return new DeltaClient(stub, node);
    }

    public void subscribe(String typeUrl, String... names) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNamesSubscribe(List.of(names)));
    }

    public void unsubscribe(String typeUrl, String... names) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNamesUnsubscribe(List.of(names)));
    }

    /** A first request on a new stream from a client that already holds these resource versions. */
    public void resubscribe(String typeUrl, Map<String, String> held, String... names) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNamesSubscribe(List.of(names))
                .putAllInitialResourceVersions(held));
    }

    public void ack(DeltaDiscoveryResponse response) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setResponseNonce(response.getNonce()));
    }

    public void nack(DeltaDiscoveryResponse response, String message) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setResponseNonce(response.getNonce())
                .setErrorDetail(Status.newBuilder().setCode(3).setMessage(message)));
    }

    public void send(DeltaDiscoveryRequest.Builder request) {
        if (!nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        sendRequest(request.build());
    }

    public DeltaDiscoveryResponse await(String typeUrl) {
        DeltaDiscoveryResponse response = next();
        assertThat(response.getTypeUrl()).isEqualTo(typeUrl);
        return response;
    }

    public static List<String> names(DeltaDiscoveryResponse response) {
        return response.getResourcesList().stream().map(Resource::getName).toList();
    }

    public static Map<String, String> versions(DeltaDiscoveryResponse response) {
        Map<String, String> versions = new java.util.TreeMap<>();
        response.getResourcesList().forEach(r -> versions.put(r.getName(), r.getVersion()));
        return versions;
    }
}
