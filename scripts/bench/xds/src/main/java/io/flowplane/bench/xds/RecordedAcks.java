package io.flowplane.bench.xds;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Workload 1's measurement: commit a change, leave the server alone until {@code readAtNanos}, then
 * read once the EDS ACK times the server itself recorded for the Envoys' streams. Nothing polls the
 * server while the change propagates.
 */
abstract sealed class RecordedAcks permits RecordedAcks.Flowplane, RecordedAcks.Jcp {
    protected final Fleet fleet;

    private RecordedAcks(Fleet fleet) {
        this.fleet = fleet;
    }

    static RecordedAcks of(ServerProcess server, Fleet fleet) throws IOException, InterruptedException {
        return server instanceof ServerProcess.Flowplane fp ? new Flowplane(fp, fleet)
                : new Jcp((ServerProcess.Jcp) server, fleet);
    }

    /** Commit-to-ACK latencies (ms) of this change, one per Envoy stream whose ACK was recorded by then. */
    abstract List<Double> change(int marker, long readAtNanos) throws IOException, InterruptedException;

    /**
     * Zero: the wall clock in the harness when COMMIT returned. ACK: {@code last_acked_at} of the
     * stream's EDS in the status API, the wall clock when the stream handled the ACK (same machine,
     * same clock). A stream counts when its EDS {@code last_acked_version} moved since the previous read.
     */
    static final class Flowplane extends RecordedAcks {
        private final ServerProcess.Flowplane server;
        private Map<Long, EdsAck> previousRead;

        private Flowplane(ServerProcess.Flowplane server, Fleet fleet) throws IOException, InterruptedException {
            super(fleet);
            this.server = server;
            previousRead = edsAcks(server.status());
            if (previousRead.values().stream().anyMatch(ack -> ack.atMicros() == null)) {
                throw new IOException("the xds-service under test reports no eds last_acked_at in "
                        + "/api/v1/xds/status; rebuild it from a tree that has it");
            }
        }

        @Override
        List<Double> change(int marker, long readAtNanos) throws IOException, InterruptedException {
            long commitMicros = fleet.commitChange(marker);
            Bench.sleepUntil(readAtNanos);
            Map<Long, EdsAck> read = edsAcks(server.status());
            List<Double> latencies = new ArrayList<>();
            read.forEach((stream, ack) -> {
                EdsAck before = previousRead.get(stream);
                // An ACK older than this commit is a late one of an earlier change: this change's is missing.
                if (before != null && !ack.version().equals(before.version()) && ack.atMicros() != null
                        && ack.atMicros() >= commitMicros) {
                    latencies.add((ack.atMicros() - commitMicros) / 1e3);
                }
            });
            previousRead = read;
            return latencies;
        }
    }

    /**
     * Zero: right before jcp's first {@code setSnapshot} of the change (after its database read and
     * build). ACK: the first EDS request of the stream ACKing the new version, in jcp's
     * {@code onV3StreamRequest}. Both {@code System.nanoTime()} in the jcp JVM.
     */
    static final class Jcp extends RecordedAcks {
        private final ServerProcess.Jcp server;

        private Jcp(ServerProcess.Jcp server, Fleet fleet) {
            super(fleet);
            this.server = server;
        }

        @Override
        List<Double> change(int marker, long readAtNanos) throws IOException, InterruptedException {
            fleet.commitChange(marker);
            String version = server.reload().path("version").asText();
            Bench.sleepUntil(readAtNanos);
            List<Double> latencies = new ArrayList<>();
            for (long micros : server.ackLatencies(version)) {
                latencies.add(micros / 1e3);
            }
            return latencies;
        }
    }

    /** One Envoy stream's last EDS ACK: the version and when (µs since the epoch; null if never ACKed). */
    record EdsAck(String version, Long atMicros) {}

    /** By stream id, the Envoys' streams (node id envoy-…) that have ACKed an EDS version. */
    static Map<Long, EdsAck> edsAcks(JsonNode status) {
        Map<Long, EdsAck> out = new HashMap<>();
        for (JsonNode stream : status.path("streams")) {
            JsonNode eds = stream.path("types").path("eds");
            JsonNode version = eds.path("last_acked_version");
            if (stream.path("node_id").asText("").startsWith("envoy-") && version.isTextual()) {
                JsonNode at = eds.path("last_acked_at");
                out.put(stream.path("stream_id").asLong(),
                        new EdsAck(version.asText(), at.isTextual() ? Clocks.micros(Instant.parse(at.asText())) : null));
            }
        }
        return out;
    }
}
