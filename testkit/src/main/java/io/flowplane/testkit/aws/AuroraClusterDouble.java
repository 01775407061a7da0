package io.flowplane.testkit.aws;

import io.flowplane.testkit.PostgresMember;

/**
 * One regional Aurora DB cluster of the test double, backed by one real PostgreSQL server: the writer is
 * a primary, a secondary is a streaming replica of it. Mutable state, guarded by the double's lock.
 */
final class AuroraClusterDouble {
    static final String ACCOUNT = "123456789012";

    final String id;
    final String region;
    final PostgresMember postgres;
    String engineVersion;
    boolean writer;
    String synchronizationStatus = "connected";
    String status = "available";

    AuroraClusterDouble(String id, String region, PostgresMember postgres, String engineVersion, boolean writer) {
        this.id = id;
        this.region = region;
        this.postgres = postgres;
        this.engineVersion = engineVersion;
        this.writer = writer;
    }

    String arn() {
        return "arn:aws:rds:" + region + ":" + ACCOUNT + ":cluster:" + id;
    }

    boolean isNamed(String identifierOrArn) {
        return id.equalsIgnoreCase(identifierOrArn) || arn().equals(identifierOrArn);
    }

    /** The cluster as {@code DescribeDBClusters} shows it; endpoints are where its PostgreSQL listens. */
    void describe(Xml xml, String globalClusterId) {
        xml.open("DBCluster")
                .text("DBClusterIdentifier", id)
                .text("DBClusterArn", arn())
                .text("Status", status)
                .text("Engine", "aurora-postgresql")
                .text("EngineVersion", engineVersion)
                .text("EngineMode", "provisioned")
                .text("Endpoint", "127.0.0.1")
                .text("ReaderEndpoint", "127.0.0.1")
                .text("Port", postgres.port())
                .text("DatabaseName", "flowplane")
                .text("GlobalClusterIdentifier", globalClusterId)
                .text("MultiAZ", false)
                .close("DBCluster");
    }
}
