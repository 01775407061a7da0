package io.flowplane.xds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.List;

/** A scripted Envoy: one ADS stream, requests sent by hand, responses collected in order. */
public final class AdsClient extends ScriptedStream<DiscoveryRequest, DiscoveryResponse> {
    private final Node node;
    private boolean nodeSent;

    private AdsClient(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, Node node) {
        super(stub::streamAggregatedResources);
        this.node = node;
    }

    public static AdsClient connect(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, Node node) {
        return new AdsClient(stub, node);
    }

    /** The stub with {@code authorization} metadata on every call. */
    public static AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub withAuthorization(
            AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, String authorization) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), authorization);
        return stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    public static Node nodeInCluster(String id, String cluster) {
        return Node.newBuilder().setId(id).setCluster(cluster).build();
    }

    public static Node nodeWithDataplaneId(String id, String cluster, String dataplaneId) {
        return Node.newBuilder().setId(id).setCluster(cluster)
                .setMetadata(Struct.newBuilder().putFields("flowplane_dataplane_id",
                        Value.newBuilder().setStringValue(dataplaneId).build()))
                .build();
    }

    /** A first request for a type: no nonce. */
    public void subscribe(String typeUrl, String... names) {
        send(DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNames(List.of(names)));
    }

    /** A first request on a new stream from an Envoy that already holds {@code version}. */
    public void resubscribe(String typeUrl, String version, String... names) {
        send(DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).setVersionInfo(version)
                .addAllResourceNames(List.of(names)));
    }

    public void ack(DiscoveryResponse response, String... names) {
        send(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setVersionInfo(response.getVersionInfo())
                .setResponseNonce(response.getNonce()).addAllResourceNames(List.of(names)));
    }

    public void nack(DiscoveryResponse response, String acceptedVersion, String message, String... names) {
        send(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setVersionInfo(acceptedVersion)
                .setResponseNonce(response.getNonce()).addAllResourceNames(List.of(names))
                .setErrorDetail(Status.newBuilder().setCode(3).setMessage(message)));
    }

    public void send(DiscoveryRequest.Builder request) {
        if (!nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        sendRequest(request.build());
    }

    public DiscoveryResponse await() {
        return next();
    }

    public DiscoveryResponse await(String typeUrl) {
        DiscoveryResponse response = await();
        assertThat(response.getTypeUrl()).isEqualTo(typeUrl);
        return response;
    }
}
