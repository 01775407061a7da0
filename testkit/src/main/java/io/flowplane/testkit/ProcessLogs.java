package io.flowplane.testkit;

import java.util.ArrayList;
import java.util.List;

/** The processes started since the current test class began, whose logs a failure prints. */
final class ProcessLogs {
    private static final List<ManagedProcess> STARTED = new ArrayList<>();

    private ProcessLogs() {}

    static synchronized void started(ManagedProcess process) {
        STARTED.add(process);
    }

    static synchronized List<ManagedProcess> sinceClassStart() {
        return List.copyOf(STARTED);
    }

    /** A new test class: processes of earlier classes are still listed while they run. */
    static synchronized void newClass() {
        STARTED.removeIf(process -> !process.isAlive());
    }
}
