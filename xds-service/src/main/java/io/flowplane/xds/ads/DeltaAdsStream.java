package io.flowplane.xds.ads;

import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.flowplane.core.text.Untrusted;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.ResourceSet;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.snapshot.VersionedResource;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One incremental (delta) ADS stream. Responses carry only changed resources, each versioned by its
 * content digest, and the names of removed ones. A change is pushed as additions and updates first
 * (CDS, EDS, LDS, RDS), then removals, referrers first (LDS, RDS, CDS, EDS).
 */
final class DeltaAdsStream extends AdsStreamBase<DeltaDiscoveryRequest, DeltaDiscoveryResponse, DeltaTypeState> {
    static final List<String> REMOVAL_ORDER =
            List.of(TypeUrls.LISTENER, TypeUrls.ROUTE, TypeUrls.CLUSTER, TypeUrls.ENDPOINT);

    DeltaAdsStream(StreamContext context, ServerCallStreamObserver<DeltaDiscoveryResponse> responses) {
        super(context, responses, DeltaTypeState::new);
    }

    @Override
    protected Status refusal(DeltaDiscoveryRequest request) {
        return RequestCheck.delta(request, limits);
    }

    @Override
    protected void handle(DeltaDiscoveryRequest request, DeltaTypeState state) {
        String nonce = request.getResponseNonce();
        // An unknown (stale) nonce is neither ACK nor NACK, but its subscription changes still count.
        if (!nonce.isEmpty() && request.hasErrorDetail()) {
            String message = RequestCheck.nackMessage(request.getErrorDetail());
            if (state.nack(nonce, message, clock.instant())) {
                events.nacked(state.typeUrl);
                LOG.warn("node {} (dataplane {}) rejected delta {} response {}: {}", loggedNodeId(), boundDataplaneId(),
                        TypeUrls.shortName(state.typeUrl), RequestCheck.quote(nonce), Untrusted.escape(message));
            }
        } else if (!nonce.isEmpty()) {
            Instant now = clock.instant();
            observeSync(state.typeUrl, state.ack(nonce, now), now);
        }
        state.subscribe(request.getResourceNamesSubscribeList(), request.getResourceNamesUnsubscribeList(),
                request.getInitialResourceVersionsMap());
        Status refusal = RequestCheck.subscribedNames(state.subscribedNames(), state.typeUrl, limits);
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        Optional<FleetSnapshot> snapshot = source.current();
        if (snapshot.isPresent()) {
            respond(state, snapshot.get(), true, true, null);
        }
    }

    @Override
    protected void push(FleetSnapshot snapshot) {
        for (String typeUrl : TypeUrls.PUSH_ORDER) {
            DeltaTypeState state = types.get(typeUrl);
            if (state != null) {
                respond(state, snapshot, true, false, snapshot.committedAt());
            }
        }
        for (String typeUrl : REMOVAL_ORDER) {
            DeltaTypeState state = types.get(typeUrl);
            if (state != null) {
                respond(state, snapshot, false, true, snapshot.committedAt());
            }
        }
    }

    private void respond(DeltaTypeState state, FleetSnapshot snapshot, boolean updates, boolean removals,
            Instant committedAt) {
        if (!isBound()) {
            return;
        }
        ResourceSet available = snapshot.forDataplane(binding.dataplaneId()).resources(state.typeUrl);
        DeltaTypeState.Changes changes = state.changes(available);
        List<VersionedResource> sentUpdates = updates ? changes.updates() : List.of();
        List<String> sentRemovals = removals ? changes.removals() : List.of();
        if (sentUpdates.isEmpty() && sentRemovals.isEmpty() && !state.owesFirstAnswer()) {
            return;
        }
        String nonce = nextNonce();
        DeltaDiscoveryResponse.Builder response = DeltaDiscoveryResponse.newBuilder()
                .setTypeUrl(state.typeUrl)
                .setSystemVersionInfo(changes.version())
                .setNonce(nonce)
                .addAllRemovedResources(sentRemovals);
        for (VersionedResource resource : sentUpdates) {
            response.addResources(Resource.newBuilder()
                    .setName(resource.name())
                    .setVersion(resource.digest())
                    .setResource(resource.resource()));
        }
        if (!send(response.build())) {
            return;
        }
        state.sent(nonce, sentUpdates, sentRemovals, changes.version(), committedAt);
        events.pushed(state.typeUrl);
        if (TypeUrls.CLUSTER.equals(state.typeUrl) && !sentUpdates.isEmpty()) {
            resendEndpointsOf(sentUpdates, snapshot, committedAt);
        }
    }

    /**
     * Envoy keeps an added or updated cluster warming until endpoints arrive for it, even unchanged
     * ones: they follow the CDS response at once.
     */
    private void resendEndpointsOf(List<VersionedResource> clusters, FleetSnapshot snapshot, Instant committedAt) {
        DeltaTypeState endpoints = types.get(TypeUrls.ENDPOINT);
        if (endpoints != null) {
            endpoints.forget(clusters.stream().map(VersionedResource::name).toList());
            respond(endpoints, snapshot, true, false, committedAt);
        }
    }

    @Override
    protected boolean typesInSync(FleetSnapshot snapshot, String dataplaneId) {
        for (DeltaTypeState state : types.values()) {
            if (state.responsesSent() == 0) {
                continue;
            }
            ResourceSet available = snapshot.forDataplane(dataplaneId).resources(state.typeUrl);
            if (!state.acknowledged(state.desired(available).version())) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected String protocol() {
        return "delta";
    }
}
