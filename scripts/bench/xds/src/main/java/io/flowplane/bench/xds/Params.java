package io.flowplane.bench.xds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Benchmark parameters, {@code --name=value}; the run script sets the defaults for full and quick runs. */
final class Params {
    // port offsets from portBase
    static final int FP_XDS = 1;
    static final int FP_HTTP = 2;
    static final int FP_ADMIN = 3;
    static final int JCP_XDS = 11;
    static final int JCP_CONTROL = 12;
    static final int ENVOY_ADMIN_OFFSET = 100;
    static final int LISTENER_OFFSET = 500;

    final Map<String, String> values = new LinkedHashMap<>();
    String mode;
    String dbAdminUrl;
    String dbName;
    boolean keepDatabase;
    Path flowplaneJar;
    Path flowplaneConfig;
    Path envoy;
    Path workDir;
    Path out;
    String classpath;
    int portBase;
    String xmx;
    int dataplanes;
    int clustersPerDataplane;
    int envoys;
    int envoyChanges;
    int warmupChanges;
    long changeGapMs;
    long changeTimeoutMs;
    int simStreams;
    int simChanges;
    int syncTimeoutS;
    int[] rampSteps;
    int rampBatch;
    int rampStepTimeoutS;
    int streamsPerChannel;
    int clientThreads;
    long nackWindowMs;
    List<String> servers;
    List<String> workloads;

    int port(int offset) {
        return portBase + offset;
    }

    static Params parse(String[] args) {
        Params p = new Params();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, got " + arg);
            }
            p.values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        p.mode = p.str("mode", "full");
        p.dbAdminUrl = p.str("db-admin-url", "postgresql://flowplane:flowplane@127.0.0.1:55432/postgres");
        p.dbName = p.str("db-name", "fp_bench_xds");
        p.keepDatabase = Boolean.parseBoolean(p.str("keep-database", "false"));
        p.flowplaneJar = Path.of(p.required("flowplane-jar"));
        p.flowplaneConfig = Path.of(p.required("flowplane-config"));
        p.envoy = Path.of(p.required("envoy"));
        p.workDir = Path.of(p.required("work-dir"));
        p.out = Path.of(p.required("out"));
        p.classpath = p.str("classpath", System.getProperty("java.class.path"));
        p.portBase = p.integer("port-base", 23000);
        p.xmx = p.str("xmx", "1g");
        p.dataplanes = p.integer("dataplanes", 100);
        p.clustersPerDataplane = p.integer("clusters-per-dataplane", 4);
        p.envoys = p.integer("envoys", 10);
        p.envoyChanges = p.integer("envoy-changes", 50);
        p.warmupChanges = p.integer("warmup-changes", 3);
        p.changeGapMs = p.integer("change-gap-ms", 1000);
        p.changeTimeoutMs = p.integer("change-timeout-ms", 10000);
        p.simStreams = p.integer("sim-streams", 1000);
        p.simChanges = p.integer("sim-changes", 50);
        p.syncTimeoutS = p.integer("sync-timeout-s", 120);
        p.rampSteps = Arrays.stream(p.str("ramp", "1000,2000,5000,10000,20000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        p.rampBatch = p.integer("ramp-batch", 500);
        p.rampStepTimeoutS = p.integer("ramp-step-timeout-s", 120);
        p.streamsPerChannel = p.integer("streams-per-channel", 100);
        p.clientThreads = p.integer("client-threads", 4);
        p.nackWindowMs = p.integer("nack-window-ms", 2000);
        p.servers = List.of(p.str("servers", "flowplane,jcp").split(","));
        p.workloads = List.of(p.str("workloads", "envoy,sim,nack,ramp").split(","));
        if (p.envoys > p.dataplanes) {
            throw new IllegalArgumentException("--envoys must not exceed --dataplanes (one Envoy per dataplane)");
        }
        return p;
    }

    private String str(String name, String fallback) {
        String v = values.get(name);
        values.putIfAbsent(name, fallback);
        return v == null ? fallback : v;
    }

    private String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + "= is required");
        }
        return v;
    }

    private int integer(String name, int fallback) {
        return Integer.parseInt(str(name, Integer.toString(fallback)));
    }

    /** The parameters as given or defaulted, for the report (no paths, no URLs with passwords). */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> {
            if (!k.equals("classpath") && !k.equals("db-admin-url") && !k.startsWith("info-") && !v.startsWith("/")) {
                out.add(k + "=" + v);
            }
        });
        return out;
    }
}
