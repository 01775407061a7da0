package io.flowplane.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The processes started since the current test class began, whose logs a failure prints. Kept per thread (and
 * inherited by the threads a test starts), so test classes that run in parallel each print only their own.
 */
final class ProcessLogs {
    private static final InheritableThreadLocal<List<ManagedProcess>> STARTED = new InheritableThreadLocal<>() {
        @Override
        protected List<ManagedProcess> initialValue() {
            return Collections.synchronizedList(new ArrayList<>());
        }
    };

    private ProcessLogs() {}

    static void started(ManagedProcess process) {
        STARTED.get().add(process);
    }

    static List<ManagedProcess> sinceClassStart() {
        List<ManagedProcess> started = STARTED.get();
        synchronized (started) {
            return List.copyOf(started);
        }
    }

    /**
     * A new test class, on its thread: a list of its own, so a class running in parallel does not share it.
     * Processes of earlier classes on this thread are still listed while they run.
     */
    static void newClass() {
        List<ManagedProcess> own = Collections.synchronizedList(new ArrayList<>());
        sinceClassStart().stream().filter(ManagedProcess::isAlive).forEach(own::add);
        STARTED.set(own);
    }
}
