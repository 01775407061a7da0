package io.flowplane.xds.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.FleetChanges;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import io.flowplane.xds.status.ConfigHealthCheck;
import io.flowplane.xds.testing.Fleets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigPollerTest {
    private final ScriptedReader reader = new ScriptedReader();
    private final SnapshotHolder holder = new SnapshotHolder();
    private final List<FleetSnapshot> published = new ArrayList<>();
    private final ConfigPoller poller = new ConfigPoller(reader, new SnapshotBuilder(), holder, Duration.ofMillis(250),
            Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final ConfigHealthCheck health = new ConfigHealthCheck(poller::status);

    ConfigPollerTest() {
        holder.subscribe(published::add);
    }

    @Test
    void aForcedReloadLoadsTheSameRevisionAgainWithItsCommitTime() throws Exception {
        reader.revision = 4;
        poller.pollOnce();

        poller.reloadNow();

        assertThat(reader.loads).isEqualTo(2);
        assertThat(published).extracting(FleetSnapshot::revision).containsExactly(4L, 4L);
        assertThat(published.get(1).committedAt()).isEqualTo(ScriptedReader.COMMITTED_AT);
    }

    @Test
    void nothingIsPublishedAndHealthIsBadUntilTheFirstLoadSucceeds() {
        reader.failing = true;
        poller.pollOnce();

        assertThat(holder.current()).isEmpty();
        assertThat(poller.status().loaded()).isFalse();
        assertThat(poller.status().lastError()).contains("relation \"config_revision\" does not exist");
        assertThat(health.execute().isHealthy()).isFalse();

        reader.failing = false;
        reader.revision = 3;
        poller.pollOnce();

        assertThat(holder.current()).map(FleetSnapshot::revision).contains(3L);
        assertThat(poller.status().revision()).isEqualTo(3L);
        assertThat(health.execute().isHealthy()).isTrue();
    }

    @Test
    void theFleetIsReloadedOnlyWhenTheRevisionChanges() {
        reader.revision = 1;
        poller.pollOnce();
        poller.pollOnce();
        poller.pollOnce();
        assertThat(reader.loads).isEqualTo(1);
        assertThat(published).hasSize(1);

        reader.revision = 2;
        poller.pollOnce();
        assertThat(reader.loads).isEqualTo(2);
        assertThat(published).extracting(FleetSnapshot::revision).containsExactly(1L, 2L);
    }

    @Test
    void aNewRevisionIsReadFromTheChangeLogAndTheWholeFleetOnlyWhenTheLogCannotTell() {
        reader.revision = 1;
        poller.pollOnce();

        reader.revision = 2;
        reader.changeLog = true;
        poller.pollOnce();
        assertThat(reader.loads).isEqualTo(1);
        assertThat(reader.changeReads).containsExactly(1L);
        assertThat(published).extracting(FleetSnapshot::revision).containsExactly(1L, 2L);
        assertThat(published.get(1).committedAt()).isEqualTo(ScriptedReader.COMMITTED_AT);

        reader.revision = 3;
        reader.changeLog = false;
        poller.pollOnce();
        assertThat(reader.loads).isEqualTo(2);
        assertThat(reader.changeReads).containsExactly(1L, 2L);
        assertThat(published).extracting(FleetSnapshot::revision).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theLastGoodSnapshotStaysWhenTheDatabaseFails() {
        reader.revision = 5;
        poller.pollOnce();
        FleetSnapshot good = holder.current().orElseThrow();

        reader.failing = true;
        poller.pollOnce();

        assertThat(holder.current()).containsSame(good);
        assertThat(poller.status().revision()).isEqualTo(5L);
        assertThat(poller.status().lastPollSucceeded()).isFalse();
        assertThat(health.execute().isHealthy()).isFalse();
        assertThat(health.execute().getMessage()).contains("serving revision 5");

        reader.failing = false;
        poller.pollOnce();
        assertThat(health.execute().isHealthy()).isTrue();
        assertThat(reader.loads).isEqualTo(1);
    }

    private static final class ScriptedReader implements FleetReader {
        static final Instant COMMITTED_AT = Instant.parse("2024-12-31T23:59:00Z");
        volatile boolean failing;
        volatile long revision = 1;
        volatile boolean changeLog;
        int loads;
        final List<Long> changeReads = new ArrayList<>();

        @Override
        public long currentRevision() {
            if (failing) {
                throw new IllegalStateException("relation \"config_revision\" does not exist");
            }
            return revision;
        }

        @Override
        public DetailedFleet loadFleet() {
            loads++;
            return Fleets.twoDataplanes().revision(revision).build();
        }

        @Override
        public Optional<Instant> committedAt(long revision) {
            return Optional.of(COMMITTED_AT);
        }

        /** When the log answers: nothing changed but the revision. */
        @Override
        public Optional<FleetChanges> changesSince(long since) {
            changeReads.add(since);
            return changeLog
                    ? Optional.of(new FleetChanges(since, revision, COMMITTED_AT, Set.of(), Set.of(), Set.of(), Set.of(),
                            List.of(), List.of(), List.of(), List.of()))
                    : Optional.empty();
        }
    }
}
