package io.flowplane.workflows.dns;

/**
 * @param cluster                 the worker's cluster whose {@code dns:} section names the record
 * @param to                      the control plane (xds-service admin base URL) the record should point at
 * @param drainSeconds            the old control plane's drain, which sends its Envoys to the record's new value
 * @param reconnectTimeoutSeconds how long its Envoys may take to stream from the new one; 0 for 120
 */
public record DnsFailoverRequest(String cluster, String to, int drainSeconds, int reconnectTimeoutSeconds) {
    public int effectiveReconnectTimeoutSeconds() {
        return reconnectTimeoutSeconds > 0 ? reconnectTimeoutSeconds : 120;
    }
}
