package io.flowplane.workflows.activity;

import java.util.List;

/**
 * The Envoys streaming from one control plane, by node id.
 *
 * @param reachable false when it did not answer; then {@code nodes} is empty and {@code error} says why
 * @param missing   for a wait: the awaited node ids that had not connected when it ended
 */
public record ConnectedNodes(String baseUrl, boolean reachable, String error, List<String> nodes, List<String> missing) {
    public ConnectedNodes {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }
}
