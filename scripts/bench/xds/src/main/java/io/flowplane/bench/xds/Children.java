package io.flowplane.bench.xds;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every process the harness starts; a shutdown hook ends those still running (by handle, nothing else). */
final class Children {
    private static final List<Process> PROCESSES = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : PROCESSES) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        }, "bench-children"));
    }

    private Children() {}

    static void register(Process process) {
        PROCESSES.add(process);
    }
}
