package io.flowplane.systemtests;

/**
 * One sample of the soak, {@code atSeconds} after the churn started. Per process (api-service, xds-service): heap
 * used after a full GC, resident set, threads, open file descriptors and database connections. xds-service's
 * counters are cumulative, as is the churn's.
 */
record SoakSample(long atSeconds, String phase, Process api, Process xds, int streams, double pushes, double nacks,
        double syncLatencySeconds, double syncCount, long writes, long failedWrites, long writeLatencyNanos) {
    record Process(long heapAfterGcKb, long rssKb, int threads, int fds, int databaseConnections) {}
}
