package io.flowplane.core.controlplane;

import java.util.List;

/** The operations a failover needs from each control-plane process. */
public interface ControlPlaneHooks {
    ControlPlaneStatus status();

    /** The node ids of the Envoys streaming from this process, sorted; none for a process that serves no xDS. */
    default List<String> connectedNodes() {
        return List.of();
    }

    /**
     * Switches to {@code url} after proving it answers, and reads from {@code readUrl} when one is given;
     * persists both so they survive restarts. Without {@code readUrl}, reads follow {@code url} unless the
     * process was given a read URL of its own.
     */
    ControlPlaneStatus switchDatabase(String url, String readUrl) throws Exception;

    /** Drains, then reinitializes from the persisted database URL; returns at once. */
    void restart(int drainSeconds);
}
