package io.flowplane.systemtests;

import io.flowplane.testkit.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads one {@link SoakSample} from the running processes: the JDK's jcmd and jstat, /proc, pg_stat_activity, /prometheus. */
final class SoakProbe {
    private final FaultStack stack;

    SoakProbe(FaultStack stack) {
        this.stack = stack;
    }

    SoakSample sample(Instant start, String phase, SoakBenchmark.Churn churn) {
        Map<String, Integer> connections = databaseConnections();
        String metrics = stack.xdsAdmin().get("/prometheus").body();
        return new SoakSample(Duration.between(start, Instant.now()).toSeconds(), phase,
                process("api-service", connections.getOrDefault("flowplane-api", 0)),
                process("xds-service", connections.getOrDefault("flowplane-xds", 0)),
                (int) sum(metrics, "flowplane_xds_connected_streams "), sum(metrics, "flowplane_xds_pushes_total{"),
                sum(metrics, "flowplane_xds_nacks_total{"), sum(metrics, "flowplane_xds_config_sync_latency_seconds_sum{"),
                sum(metrics, "flowplane_xds_config_sync_latency_seconds_count{"), churn.writes(), churn.failed(),
                churn.latencyNanos());
    }

    /** ERROR lines in the api-service and xds-service logs. */
    long errorLines() {
        return stack.controlPlane.logs().stream().mapToLong(log -> {
            try (Stream<String> lines = Files.lines(log)) {
                return lines.filter(line -> line.startsWith("ERROR")).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sum();
    }

    private SoakSample.Process process(String name, int databaseConnections) {
        long pid = stack.controlPlane.process(name).pid();
        Commands.run(List.of("jcmd", Long.toString(pid), "GC.run"));
        Map<String, String> status = procStatus(pid);
        return new SoakSample.Process(heapUsedKb(pid), Long.parseLong(status.get("VmRSS").replace("kB", "").trim()),
                Integer.parseInt(status.get("Threads").trim()), openFiles(pid), databaseConnections);
    }

    /** jstat -gc: survivor, eden and old generation used, in KB. */
    private static long heapUsedKb(long pid) {
        List<String> lines = Commands.run(List.of("jstat", "-gc", Long.toString(pid))).lines()
                .filter(line -> !line.isBlank()).toList();
        String[] names = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        double used = 0;
        for (int i = 0; i < names.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                used += Double.parseDouble(values[i]);
            }
        }
        return Math.round(used);
    }

    private static Map<String, String> procStatus(long pid) {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fields;
    }

    private static int openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Client connections by process: pools are named flowplane-api-* and flowplane-xds*. */
    private Map<String, Integer> databaseConnections() {
        Map<String, Integer> byProcess = new HashMap<>();
        try (Connection c = stack.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT application_name, count(*) FROM pg_stat_activity"
                        + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1")) {
            while (rs.next()) {
                String application = rs.getString(1);
                String process = application.startsWith("flowplane-api") ? "flowplane-api"
                        : application.startsWith("flowplane-xds") ? "flowplane-xds" : "other";
                byProcess.merge(process, rs.getInt(2), Integer::sum);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_activity: " + e.getMessage(), e);
        }
        return byProcess;
    }

    /** The sum of every sample line that starts with {@code prefix} in Prometheus text. */
    private static double sum(String metrics, String prefix) {
        return metrics.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
