package io.flowplane.workflows.activity;

/**
 * One regional cluster of an Aurora Global Database.
 *
 * @param synchronizationStatus "connected" or "pending-resync", as RDS reports it
 * @param clusterStatus         DescribeDBClusters' Status ("available", ...)
 */
public record AuroraMemberStatus(
        String clusterId,
        String arn,
        String region,
        boolean writer,
        String synchronizationStatus,
        String clusterStatus,
        String engineVersion) {

    public String summary() {
        return clusterId + " (" + (writer ? "writer" : synchronizationStatus) + ", " + clusterStatus + ", " + engineVersion + ")";
    }
}
