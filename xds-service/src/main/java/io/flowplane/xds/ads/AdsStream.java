package io.flowplane.xds.ads;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.core.text.Untrusted;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.ResourceSelection;
import io.flowplane.xds.snapshot.ResourceSet;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.snapshot.VersionedResource;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One state-of-the-world ADS stream. */
final class AdsStream extends AdsStreamBase<DiscoveryRequest, DiscoveryResponse, TypeState> {
    /** Envoy keeps an updated cluster warming until it gets an EDS response, even an unchanged one. */
    private boolean endpointsOwed;
    private final ClusterHandover handover;

    AdsStream(StreamContext context, ServerCallStreamObserver<DiscoveryResponse> responses) {
        super(context, responses, TypeState::new);
        this.handover = new ClusterHandover(context.clusterRetention());
    }

    @Override
    protected Status refusal(DiscoveryRequest request) {
        return RequestCheck.sotw(request, limits);
    }

    /**
     * A request for a type the stream has sent nothing of is a first request, whatever nonce it carries (it can
     * only be another stream's). Otherwise a nonce other than the latest is stale and ignored.
     */
    @Override
    protected void handle(DiscoveryRequest request, TypeState state) {
        String nonce = request.getResponseNonce();
        if (state.isStale(nonce)) {
            LOG.debug("{}: stale {} request (nonce {}) ignored", this, TypeUrls.shortName(state.typeUrl),
                    RequestCheck.quote(nonce));
            return;
        }
        boolean answersLatest = state.isLatest(nonce);
        boolean nack = answersLatest && request.hasErrorDetail();
        if (!answersLatest) {
            state.initialRequest(request.getVersionInfo());
        } else if (nack) {
            String message = RequestCheck.nackMessage(request.getErrorDetail());
            if (TypeUrls.CLUSTER.equals(state.typeUrl)) {
                handover.clustersRejected();
            }
            if (state.nack(message, clock.instant())) {
                events.nacked(state.typeUrl);
                LOG.warn("node {} (dataplane {}) rejected {} version {}: {}", loggedNodeId(), boundDataplaneId(),
                        TypeUrls.shortName(state.typeUrl), state.lastSentVersion(), Untrusted.escape(message));
            }
        } else {
            Instant now = clock.instant();
            observeSync(state.typeUrl, state.ack(now), now);
        }
        boolean force = !nack && TypeUrls.ENDPOINT.equals(state.typeUrl) && endpointsOwed;
        state.subscribe(request.getResourceNamesList());
        Optional<FleetSnapshot> snapshot = source.current();
        if (snapshot.isPresent() && !heldBack(state.typeUrl)) {
            respond(state, snapshot.get(), force, false);
            if (nack && TypeUrls.CLUSTER.equals(state.typeUrl)) {
                pushHeldBack(snapshot.get());
            }
        }
    }

    /** Listeners and routes wait while new clusters warm (see {@link ClusterHandover}). */
    private boolean heldBack(String typeUrl) {
        return (TypeUrls.LISTENER.equals(typeUrl) || TypeUrls.ROUTE.equals(typeUrl)) && handover.holdsRoutes(clock.instant());
    }

    private void pushHeldBack(FleetSnapshot snapshot) {
        for (String typeUrl : List.of(TypeUrls.LISTENER, TypeUrls.ROUTE)) {
            TypeState state = types.get(typeUrl);
            if (state != null) {
                respond(state, snapshot, false, true);
            }
        }
    }

    @Override
    protected void push(FleetSnapshot snapshot) {
        for (String typeUrl : TypeUrls.PUSH_ORDER) {
            TypeState state = types.get(typeUrl);
            if (state != null && !heldBack(typeUrl)) {
                respond(state, snapshot, false, true);
            }
        }
        for (TypeState state : types.values()) {
            if (!TypeUrls.PUSH_ORDER.contains(state.typeUrl)) {
                respond(state, snapshot, false, true);
            }
        }
    }

    private ResourceSelection selection(TypeState state, FleetSnapshot snapshot, String dataplaneId) {
        ResourceSet available = snapshot.forDataplane(dataplaneId).resources(state.typeUrl);
        ResourceSelection selection = state.isWildcard() ? available.all() : available.select(state.names());
        return TypeUrls.CLUSTER.equals(state.typeUrl) ? handover.clusters(selection, clock.instant()) : selection;
    }

    /** @param changeDriven sent because the configuration changed, so its ACK measures propagation */
    private void respond(TypeState state, FleetSnapshot snapshot, boolean force, boolean changeDriven) {
        if (!isBound()) {
            return;
        }
        ResourceSelection selection = selection(state, snapshot, binding.dataplaneId());
        if (!state.isWildcard() && selection.isEmpty()) {
            return; // remembered: answered once one of the names exists
        }
        String version = selection.version();
        if ((!force && version.equals(state.versionOnClient())) || state.wasRejected(version)) {
            return;
        }
        String nonce = nextNonce();
        DiscoveryResponse.Builder response = DiscoveryResponse.newBuilder()
                .setTypeUrl(state.typeUrl)
                .setVersionInfo(version)
                .setNonce(nonce);
        for (VersionedResource resource : selection.resources()) {
            response.addResources(resource.resource());
        }
        if (!send(response.build())) {
            return;
        }
        state.sent(version, nonce, changeDriven ? snapshot.committedAt() : null);
        events.pushed(state.typeUrl);
        if (TypeUrls.CLUSTER.equals(state.typeUrl)) {
            endpointsOwed = true;
            handover.clustersSent(selection, snapshot.forDataplane(binding.dataplaneId()).resources(TypeUrls.ENDPOINT).names(),
                    clock.instant());
        } else if (TypeUrls.ENDPOINT.equals(state.typeUrl)) {
            endpointsOwed = false;
            boolean holding = handover.holdsRoutes(clock.instant());
            handover.endpointsSent(selection);
            if (holding && !handover.holdsRoutes(clock.instant())) {
                pushHeldBack(snapshot);
            }
        }
    }

    /** Named subscriptions none of whose resources exist owe nothing; other sent types must hold the current version. */
    @Override
    protected boolean typesInSync(FleetSnapshot snapshot, String dataplaneId) {
        for (TypeState state : types.values()) {
            if (state.lastSentVersion() == null) {
                continue;
            }
            ResourceSelection selection = selection(state, snapshot, dataplaneId);
            if (!state.isWildcard() && selection.isEmpty()) {
                continue;
            }
            if (!selection.version().equals(state.lastAckedVersion())) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected String protocol() {
        return "sotw";
    }
}
