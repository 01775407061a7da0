package io.flowplane.activities.controlplane;

import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.support.HeartbeatingPoll;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.workflows.activity.ConnectedNodes;
import io.flowplane.workflows.activity.ControlPlaneActivities;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.HealthExpectation;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** {@link ControlPlaneActivities} over the HTTP hooks; only to base URLs the worker's configuration lists. */
public class ControlPlaneHookActivities implements ControlPlaneActivities {
    private static final Duration HEALTH_POLL = Duration.ofSeconds(1);

    private final WorkerClusters clusters;
    private final ControlPlaneClient client;

    public ControlPlaneHookActivities(WorkerClusters clusters, ControlPlaneClient client) {
        this.clusters = clusters;
        this.client = client;
    }

    @Override
    public ControlPlaneStatus status(String baseUrl) {
        String url = clusters.requireControlPlane(baseUrl);
        try {
            return toStatus(url, client.status(url));
        } catch (HookResponseException e) {
            throwIfHopeless(url, e);
            return ControlPlaneStatus.unreachable(url, e.getMessage());
        } catch (IOException e) {
            return ControlPlaneStatus.unreachable(url, describe(e));
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    @Override
    public ControlPlaneStatus switchDatabase(String baseUrl, String cluster, String urlName) {
        return switchDatabases(baseUrl, cluster, urlName, null);
    }

    @Override
    public ControlPlaneStatus switchDatabases(String baseUrl, String cluster, String urlName, String readUrlName) {
        String url = clusters.requireControlPlane(baseUrl);
        String databaseUrl = clusters.cluster(cluster).switchableUrl(urlName);
        String readUrl = readUrlName == null ? null : clusters.cluster(cluster).switchableUrl(readUrlName);
        try {
            return toStatus(url, client.switchDatabase(url, databaseUrl, readUrl));
        } catch (HookResponseException e) {
            throwIfHopeless(url, e);
            String message = url + " refused to switch to '" + urlName + "': " + DatabaseUrl.redact(e.getMessage());
            if (e.status() == 400) {
                throw ApplicationFailure.newNonRetryableFailure(message, "InvalidDatabaseUrl");
            }
            if (e.status() == 503) {
                throw ApplicationFailure.newFailure(message, "DatabaseUnreachable");
            }
            throw ApplicationFailure.newFailure(message, "SwitchFailed");
        } catch (IOException e) {
            // The switch may or may not have happened; repeating it is harmless.
            throw ApplicationFailure.newFailure(url + " unreachable: " + describe(e), "ControlPlaneUnreachable");
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    @Override
    public ControlPlaneStatus restart(String baseUrl, long generationBefore, int drainSeconds) {
        String url = clusters.requireControlPlane(baseUrl);
        ControlPlaneStatus now = status(url);
        if (!now.reachable()) {
            throw ApplicationFailure.newFailure(url + " unreachable: " + now.error(), "ControlPlaneUnreachable");
        }
        if (now.restarting() || now.generation() > generationBefore) {
            return now; // an earlier attempt already got through
        }
        try {
            client.restart(url, drainSeconds);
        } catch (HookResponseException e) {
            throwIfHopeless(url, e);
            throw ApplicationFailure.newFailure(url + " refused to restart: " + e.getMessage(), "RestartRefused");
        } catch (IOException e) {
            throw ApplicationFailure.newFailure(url + " unreachable: " + describe(e), "ControlPlaneUnreachable");
        } catch (InterruptedException e) {
            throw interrupted();
        }
        return status(url);
    }

    @Override
    public ControlPlaneStatus awaitHealthy(String baseUrl, HealthExpectation expectation) {
        String url = clusters.requireControlPlane(baseUrl);
        HeartbeatingPoll poll = HeartbeatingPoll.start(expectation.timeoutSeconds());
        while (true) {
            ControlPlaneStatus now = status(url);
            if (expectation.isMetBy(now)) {
                return now;
            }
            poll.beat(now.summary());
            if (poll.expired()) {
                throw ApplicationFailure.newNonRetryableFailure("not healthy as expected after "
                        + expectation.timeoutSeconds() + " s; last: " + now.summary(), "NotHealthy");
            }
            poll.pause(HEALTH_POLL);
        }
    }

    @Override
    public ConnectedNodes connectedNodes(String baseUrl) {
        String url = clusters.requireControlPlane(baseUrl);
        try {
            return new ConnectedNodes(url, true, null, client.connectedNodes(url), List.of());
        } catch (HookResponseException e) {
            throwIfHopeless(url, e);
            return new ConnectedNodes(url, false, e.getMessage(), List.of(), List.of());
        } catch (IOException e) {
            return new ConnectedNodes(url, false, describe(e), List.of(), List.of());
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    @Override
    public ConnectedNodes awaitConnected(String baseUrl, List<String> nodes, int timeoutSeconds) {
        HeartbeatingPoll poll = HeartbeatingPoll.start(timeoutSeconds);
        while (true) {
            ConnectedNodes now = connectedNodes(baseUrl);
            List<String> missing = nodes.stream().filter(node -> !now.nodes().contains(node)).sorted().toList();
            if (missing.isEmpty() || poll.expired()) {
                return new ConnectedNodes(now.baseUrl(), now.reachable(), now.error(), now.nodes(), missing);
            }
            poll.beat(missing.size() + " of " + nodes.size() + " not connected yet: " + missing);
            poll.pause(HEALTH_POLL);
        }
    }

    /** The services' status record, as the workflows' own copy of it (workflows do not depend on core). */
    private static ControlPlaneStatus toStatus(String url, io.flowplane.core.controlplane.ControlPlaneStatus body) {
        return new ControlPlaneStatus(url, true, null, body.service(), body.database(), body.readOnly(), body.healthy(),
                body.configRevision(), body.generation(), body.restarting(), body.connectedDataplanes(), body.dataplanesInSync(),
                body.readDatabase());
    }

    private static void throwIfHopeless(String url, HookResponseException e) {
        if (e.status() == 401 || e.status() == 403) {
            throw ApplicationFailure.newNonRetryableFailure(url + " refused the admin token (" + e.status()
                    + "); check FLOWPLANE_ADMIN_TOKEN", "Unauthorized");
        }
        if (e.status() == 404 || e.status() == 405) {
            throw ApplicationFailure.newNonRetryableFailure(url + " does not serve the control-plane hooks ("
                    + e.getMessage() + ")", "HookMissing");
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static ApplicationFailure interrupted() {
        Thread.currentThread().interrupt();
        return ApplicationFailure.newFailure("interrupted", "Interrupted");
    }
}
