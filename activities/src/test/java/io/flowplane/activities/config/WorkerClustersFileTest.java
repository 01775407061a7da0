package io.flowplane.activities.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkerClustersFileTest {
    private static final String YAML = """
            clusters:
              flowplane-main:
                members:
                  us-east-1: postgresql://postgres@127.0.0.1:55432/flowplane
                  us-east-2: postgresql://postgres@127.0.0.1:55433/flowplane
                client_urls:
                  us-east-2: postgresql://flowplane:s3cret@127.0.0.1:55433/flowplane
                urls:
                  rotated: postgresql://flowplane:n3w@127.0.0.1:55432/flowplane
                control_planes:
                  - http://127.0.0.1:8081/
                  - http://127.0.0.1:8091
            """;

    @Test
    void readsTheExampleShape() {
        WorkerClusters clusters = WorkerClustersFile.parse(YAML, false);
        ClusterConfig main = clusters.cluster("flowplane-main");

        assertThat(main.members()).containsOnlyKeys("us-east-1", "us-east-2");
        assertThat(main.members().keySet()).containsExactly("us-east-1", "us-east-2");
        assertThat(main.adminUrl("us-east-2").user()).isEqualTo("postgres");
        assertThat(main.switchableUrl("us-east-2")).contains("flowplane:s3cret@");
        assertThat(main.switchableUrl("us-east-1")).isEqualTo("postgresql://postgres@127.0.0.1:55432/flowplane");
        assertThat(main.describe("rotated")).isEqualTo("127.0.0.1:55432/flowplane");
        assertThat(main.namesPointingAt("127.0.0.1:55432/flowplane")).containsExactly("rotated", "us-east-1");
        assertThat(main.controlPlanes()).containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8091");
        assertThat(clusters.requireControlPlane("http://127.0.0.1:8081/")).isEqualTo("http://127.0.0.1:8081");
    }

    @Test
    void readsJsonToo() throws Exception {
        Path file = Files.createTempFile("clusters", ".json");
        Files.writeString(file, """
                {"clusters": {"c": {"members": {"a": "postgresql://u@h:5432/db"}, "control_planes": ["https://cp:8081"]}}}""");
        try {
            assertThat(WorkerClustersFile.load(file).cluster("c").controlPlanes()).containsExactly("https://cp:8081");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void anAuroraSectionNamesTheGlobalClusterAndHowToReachRds() {
        String aurora = YAML.replace("    members:\n", "    aurora: {global_cluster: flowplane-global, region: eu-west-1, endpoint: \"https://rds.example\"}\n    members:\n");
        AuroraSettings settings = WorkerClustersFile.parse(aurora, false).cluster("flowplane-main").requireAurora();
        assertThat(settings.globalCluster()).isEqualTo("flowplane-global");
        assertThat(settings.region()).isEqualTo("eu-west-1");
        assertThat(settings.endpoint()).hasToString("https://rds.example");

        assertThatThrownBy(() -> WorkerClustersFile.parse(YAML, false).cluster("flowplane-main").requireAurora())
                .isInstanceOfSatisfying(ApplicationFailure.class, e -> assertThat(e.getType()).isEqualTo("NotAurora"));
    }

    @Test
    void aBadAuroraSectionIsRefusedNamingTheField() {
        assertThatThrownBy(() -> WorkerClustersFile.parse(YAML.replace("    members:\n", "    aurora: {region: us-east-1}\n    members:\n"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster flowplane-main: aurora: global_cluster");
        assertThatThrownBy(() -> WorkerClustersFile.parse(YAML.replace("    members:\n",
                "    aurora: {global_cluster: g, region: Europe}\n    members:\n"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region 'Europe'");
        assertThatThrownBy(() -> WorkerClustersFile.parse(YAML.replace("    members:\n",
                "    aurora: {global_cluster: g, endpoint: \"ftp://x\"}\n    members:\n"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint 'ftp://x' must be an http(s) URL");
    }

    @Test
    void readsNameAReadUrlPerControlPlaneAndRefuseWhatIsNotThere() {
        String reads = YAML + "    reads:\n      http://127.0.0.1:8081/: rotated\n";
        assertThat(WorkerClustersFile.parse(reads, false).cluster("flowplane-main").reads())
                .containsExactly(java.util.Map.entry("http://127.0.0.1:8081", "rotated"));
        assertThatThrownBy(() -> WorkerClustersFile.parse(YAML + "    reads:\n      http://127.0.0.1:9999: rotated\n", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reads names http://127.0.0.1:9999");
        assertThatThrownBy(() -> WorkerClustersFile.parse(YAML + "    reads:\n      http://127.0.0.1:8081: nowhere\n", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the URL name 'nowhere'");
    }

    /** The guide's four members, and a control plane in each of two regions. */
    private static final String GUIDE = """
            clusters:
              flowplane-main:
                members:
                  us-east-1: {url: "postgresql://postgres@127.0.0.1:55432/flowplane", region: us-east, role: synchronous}
                  us-east-2: {url: "postgresql://postgres@127.0.0.1:55433/flowplane", region: us-east, role: synchronous}
                  eu-west-1: {url: "postgresql://postgres@127.0.0.1:55434/flowplane", region: eu-west, role: asynchronous}
                  ap-east-1: {url: "postgresql://postgres:s3cret@127.0.0.1:55435/flowplane", region: ap-east}
                control_planes:
                  - {url: "http://127.0.0.1:8081", region: us-east}
                  - {url: "http://127.0.0.1:8091/", region: eu-west}
                  - http://127.0.0.1:8092
            """;

    @Test
    void readsTheGuidesTopologyMembersRegionsRolesAndControlPlaneRegions() {
        ClusterConfig main = WorkerClustersFile.parse(GUIDE, false).cluster("flowplane-main");

        assertThat(main.members().keySet()).containsExactly("us-east-1", "us-east-2", "eu-west-1", "ap-east-1");
        assertThat(main.adminUrl("ap-east-1").password()).isEqualTo("s3cret");
        assertThat(main.regions().memberRegions()).containsEntry("us-east-2", "us-east").containsEntry("ap-east-1", "ap-east");
        assertThat(main.regions().synchronousMembers()).containsExactly("us-east-1", "us-east-2");
        assertThat(main.regions().roleOf("ap-east-1")).isEqualTo("asynchronous");
        assertThat(main.controlPlanes()).containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8091", "http://127.0.0.1:8092");
        assertThat(main.regions().controlPlaneRegions()).containsOnly(
                java.util.Map.entry("http://127.0.0.1:8081", "us-east"), java.util.Map.entry("http://127.0.0.1:8091", "eu-west"));
        assertThat(new ClusterTopologyFromConfig(WorkerClustersFile.parse(GUIDE, false)).describeCluster("flowplane-main").regions())
                .isEqualTo(main.regions());
    }

    @Test
    void refusesATopologyThatCannotHoldNamingWhatIsWrong() {
        assertThatThrownBy(() -> WorkerClustersFile.parse(GUIDE.replace("role: asynchronous", "role: primary"), false))
                .hasMessageContaining("member eu-west-1: role 'primary' is not synchronous or asynchronous");
        assertThatThrownBy(() -> WorkerClustersFile.parse(GUIDE.replace("region: eu-west}\n      - http", "region: eu-wset}\n      - http"), false))
                .hasMessageContaining("control plane http://127.0.0.1:8091 is in region 'eu-wset', where no member is")
                .hasMessageContaining("[ap-east, eu-west, us-east]");
        assertThatThrownBy(() -> WorkerClustersFile.parse(GUIDE.replace("region: ap-east}", "zone: ap-east}"), false))
                .hasMessageContaining("member ap-east-1: unknown keys [zone]").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> WorkerClustersFile.parse(GUIDE.replace("region: us-east, role: synchronous}\n      us-east-2",
                "role: synchronous}\n      us-east-2"), false))
                .hasMessageContaining("member us-east-1: a synchronous member needs a region");
        assertThatThrownBy(() -> WorkerClustersFile.parse(GUIDE.replace("region: ap-east}", "region: AP East}"), false))
                .hasMessageContaining("member ap-east-1: region 'AP East' must be lower-case");
        assertThatThrownBy(() -> WorkerClustersFile.parse(GUIDE.replace("{url: \"http://127.0.0.1:8081\", region: us-east}",
                "{region: us-east}"), false))
                .hasMessageContaining("control plane: url is required");
        assertThatThrownBy(() -> WorkerClustersFile.parse(GUIDE + "    reads:\n      http://127.0.0.1:8091: us-east-1\n", false))
                .hasMessageContaining("http://127.0.0.1:8091 has a region, so it reads from that region's replica");
        assertThatThrownBy(() -> WorkerClustersFile.parse(GUIDE.replace("  - http://127.0.0.1:8092", "  - http://127.0.0.1:8081/"), false))
                .hasMessageContaining("control plane http://127.0.0.1:8081 is listed twice");
        assertThatThrownBy(() -> WorkerClustersFile.parse(GUIDE.replace("  - http://127.0.0.1:8092", "  - http://127.0.0.1:8092\n      - http://127.0.0.1:8092"), false))
                .hasMessageContaining("control plane http://127.0.0.1:8092 is listed twice");
    }

    @Test
    void refusesUnknownKeysByName() {
        assertThatThrownBy(() -> WorkerClustersFile.parse(YAML.replace("client_urls", "clientUrls"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientUrls");
    }

    @Test
    void refusesClientUrlsOfUnknownMembersWithoutRepeatingThePassword() {
        String yaml = YAML.replace("  us-east-2: postgresql://flowplane:s3cret", "  us-west-9: postgresql://flowplane:s3cret");
        assertThatThrownBy(() -> WorkerClustersFile.parse(yaml, false))
                .hasMessageContaining("us-west-9").hasMessageNotContaining("s3cret");
    }

    @Test
    void refusesBadUrlsWithoutRepeatingThePassword() {
        String yaml = YAML.replace("postgresql://flowplane:s3cret@127.0.0.1:55433/flowplane", "mysql://flowplane:s3cret@h/db");
        assertThatThrownBy(() -> WorkerClustersFile.parse(yaml, false))
                .hasMessageContaining("client_urls us-east-2").hasMessageNotContaining("s3cret");
    }

    @Test
    void unknownNamesAreNonRetryableFailures() {
        WorkerClusters clusters = WorkerClustersFile.parse(YAML, false);

        assertThatThrownBy(() -> clusters.cluster("nope")).isInstanceOfSatisfying(ApplicationFailure.class,
                f -> assertThat(f.isNonRetryable()).isTrue());
        assertThatThrownBy(() -> clusters.cluster("flowplane-main").adminUrl("nope"))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("UnknownMember"));
        assertThatThrownBy(() -> clusters.requireControlPlane("http://evil.example:8081"))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("UnknownControlPlane"));
    }

    @Test
    void theExampleFileInDeployParses() {
        Path example = Path.of("..", "deploy", "config", "worker-clusters.example.yml");
        assertThat(WorkerClustersFile.load(example).all()).isNotEmpty();
    }
}
