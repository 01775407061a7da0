package io.flowplane.xds.binding;

import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.flowplane.core.text.Untrusted;
import io.flowplane.xds.snapshot.FleetSnapshot;
import java.util.List;

/**
 * Binds an Envoy node to a dataplane: by the {@code flowplane_dataplane_id} node metadata written by
 * the generated bootstrap, otherwise by {@code node.cluster} listed by exactly one dataplane.
 */
public final class NodeBinder {
    public static final String DATAPLANE_ID_METADATA = "flowplane_dataplane_id";
    private static final int QUOTED_LENGTH = 100;

    private NodeBinder() {}

    public static NodeBinding bind(Node node, FleetSnapshot fleet) {
        Value metadataId = node.getMetadata().getFieldsMap().get(DATAPLANE_ID_METADATA);
        if (metadataId != null) {
            // An explicit id never falls back to node.cluster: a typo must not bind a node elsewhere.
            if (metadataId.getKindCase() != Value.KindCase.STRING_VALUE || metadataId.getStringValue().isBlank()) {
                return NodeBinding.unbound("node metadata " + DATAPLANE_ID_METADATA + " is not a non-empty string");
            }
            String id = metadataId.getStringValue();
            return fleet.dataplane(id).isPresent()
                    ? NodeBinding.bound(id)
                    : NodeBinding.unbound("dataplane id " + Untrusted.quote(id, QUOTED_LENGTH) + " from node metadata "
                            + DATAPLANE_ID_METADATA + " is unknown");
        }
        List<String> matches = fleet.dataplaneIdsForNodeCluster(node.getCluster());
        if (matches.size() == 1) {
            return NodeBinding.bound(matches.get(0));
        }
        if (matches.isEmpty()) {
            return NodeBinding.unbound("no " + DATAPLANE_ID_METADATA + " node metadata and no dataplane lists node cluster "
                    + Untrusted.quote(node.getCluster(), QUOTED_LENGTH));
        }
        return NodeBinding.unbound("node cluster " + Untrusted.quote(node.getCluster(), QUOTED_LENGTH)
                + " is ambiguous: listed by dataplanes " + String.join(", ", matches));
    }
}
