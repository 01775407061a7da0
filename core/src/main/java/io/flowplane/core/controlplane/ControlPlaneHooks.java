package io.flowplane.core.controlplane;

/** The operations a failover needs from each control-plane process. */
public interface ControlPlaneHooks {
    ControlPlaneStatus status();

    /** Switches to {@code url} after proving it answers; persists it so it survives restarts. */
    ControlPlaneStatus switchDatabase(String url) throws Exception;

    /** Drains, then reinitializes from the persisted database URL; returns at once. */
    void restart(int drainSeconds);
}
