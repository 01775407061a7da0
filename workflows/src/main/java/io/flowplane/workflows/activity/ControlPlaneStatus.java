package io.flowplane.workflows.activity;

/**
 * A control-plane process's answer to {@code GET /control-plane/status}, plus where it was asked.
 * {@code connectedDataplanes} and {@code dataplanesInSync} only mean something for xds-service.
 * {@code readDatabase} is where it reads; null from processes (and histories) older than the field.
 */
public record ControlPlaneStatus(
        String baseUrl,
        boolean reachable,
        String error,
        String service,
        String database,
        boolean readOnly,
        boolean healthy,
        long configRevision,
        long generation,
        boolean restarting,
        int connectedDataplanes,
        boolean dataplanesInSync,
        String readDatabase) {

    public static final String XDS_SERVICE = "xds-service";

    /** A status that says nothing of reads. */
    public ControlPlaneStatus(String baseUrl, boolean reachable, String error, String service, String database, boolean readOnly,
            boolean healthy, long configRevision, long generation, boolean restarting, int connectedDataplanes, boolean dataplanesInSync) {
        this(baseUrl, reachable, error, service, database, readOnly, healthy, configRevision, generation, restarting,
                connectedDataplanes, dataplanesInSync, null);
    }

    public static ControlPlaneStatus unreachable(String baseUrl, String error) {
        return new ControlPlaneStatus(baseUrl, false, error, null, null, false, false, 0, 0, false, 0, false);
    }

    public boolean servesDataplanes() {
        return XDS_SERVICE.equals(service);
    }

    public String summary() {
        if (!reachable) {
            return baseUrl + " unreachable (" + error + ")";
        }
        return baseUrl + " " + service + " on " + database
                + (readDatabase != null && !readDatabase.equals(database) ? " reading " + readDatabase : "") + (readOnly ? " read-only" : "")
                + (healthy ? " healthy" : " unhealthy") + (restarting ? " restarting" : "")
                + " generation " + generation + " revision " + configRevision
                + (servesDataplanes() ? " dataplanes " + connectedDataplanes + (dataplanesInSync ? " in sync" : " not in sync") : "");
    }
}
