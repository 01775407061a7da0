package io.flowplane.xds.it;

import com.zaxxer.hikari.HikariDataSource;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import io.flowplane.testkit.Wait;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import io.flowplane.xds.source.ConfigNotificationListener.State;
import io.flowplane.xds.source.ConfigNotificationListener;
import io.flowplane.xds.source.ConfigPoller;
import io.flowplane.xds.source.FleetReader;
import io.flowplane.xds.source.SnapshotHolder;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** NOTIFY-driven loads on a primary; polling alone on a replica or when LISTEN fails. */
class ConfigNotificationsIT {
    /** Longer than any test: a load seen within the test came from a notification. */
    private static final Duration NO_POLLING = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private StoreDatabase db;
    private HikariDataSource pool;
    private ConfigPoller poller;
    private ConfigNotificationListener listener;

    @BeforeEach
    void createDatabase() {
        db = StoreDatabase.create();
    }

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.stop();
        }
        if (poller != null) {
            poller.stop();
        }
        if (pool != null) {
            pool.close();
        }
        db.close();
    }

    private void start(String readUrl, Duration pollInterval, String listenUrl) {
        pool = Databases.pool(DatabaseUrl.parse(readUrl), "fp-it-read", 2);
        poller = new ConfigPoller(FleetReader.of(Jdbi.create(pool)), new SnapshotBuilder(), new SnapshotHolder(),
                pollInterval, Clock.systemUTC());
        poller.start();
        listener = new ConfigNotificationListener(() -> DatabaseUrl.parse(listenUrl), poller::pollSoon,
                Duration.ofMillis(200));
        listener.start();
    }

    @Test
    void onAPrimaryAChangeIsLoadedOnItsNotification() {
        start(db.primaryUrl, NO_POLLING, db.primaryUrl);
        Wait.until("listening", WAIT, () -> listener.state() == State.LISTENING);
        Wait.until("first load", WAIT, () -> poller.status().loaded());

        db.teams().create("payments", null);
        long revision = db.revision();

        Wait.until("revision " + revision + " loaded", WAIT, () -> poller.status().revision() == revision);
    }

    @Test
    void onAReplicaNothingIsListenedToAndPollingLoadsChanges() {
        start(db.replicaUrl, Duration.ofMillis(100), db.replicaUrl);
        Wait.until("replica detected", WAIT, () -> listener.state() == State.REPLICA);

        db.teams().create("payments", null);
        long revision = db.revision();

        Wait.until("revision " + revision + " loaded from the replica", WAIT,
                () -> poller.status().revision() != null && poller.status().revision() == revision);
        assertThat(listener.state()).isEqualTo(State.REPLICA);
    }

    @Test
    void whenListenFailsPollingStillLoadsChanges() {
        start(db.primaryUrl, Duration.ofMillis(100), "postgresql://flowplane:flowplane@127.0.0.1:1/" + db.name);
        Wait.until("LISTEN failed", WAIT, () -> listener.state() == State.FAILED);

        db.teams().create("payments", null);
        long revision = db.revision();

        Wait.until("revision " + revision + " loaded by polling", WAIT,
                () -> poller.status().revision() != null && poller.status().revision() == revision);
    }
}
