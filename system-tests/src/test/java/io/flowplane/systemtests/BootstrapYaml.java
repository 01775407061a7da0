package io.flowplane.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Changes to a generated Envoy bootstrap that a test needs and the API does not offer. */
final class BootstrapYaml {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What to do to the bootstrap's control-plane cluster. */
    @FunctionalInterface
    interface ClusterEdit {
        void apply(ObjectNode cluster) throws IOException;
    }

    private BootstrapYaml() {}

    /** The bootstrap with its control-plane cluster ({@code xds_cluster}) changed by {@code edit}. */
    static String editXdsCluster(String bootstrap, ClusterEdit edit) {
        try {
            JsonNode tree = YAML.readTree(bootstrap);
            for (JsonNode cluster : tree.at("/static_resources/clusters")) {
                if (cluster.path("name").asText().equals("xds_cluster")) {
                    edit.apply((ObjectNode) cluster);
                }
            }
            return YAML.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
