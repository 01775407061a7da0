package io.flowplane.testkit;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, prints the tail of the log of every process the test kit started for its
 * class (the full logs stay in target/testkit-logs). Registered for every test through
 * JUnit's extension auto-detection, which the root pom turns on.
 */
public final class PrintLogsOnFailure implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    static final int LINES = 60;

    @Override
    public void beforeAll(ExtensionContext context) {
        ProcessLogs.newClass();
    }

    /** A failure in the class's set-up or tear-down fails no single test. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            print(context);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        print(context);
    }

    private static void print(ExtensionContext context) {
        for (ManagedProcess process : ProcessLogs.sinceClassStart()) {
            System.err.printf("%n----- %s failed; last %d lines of %s (%s, %s) -----%n%s%n",
                    context.getDisplayName(), LINES, process.name(), process.log(),
                    process.isAlive() ? "running" : "exited", process.tail(LINES));
        }
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        testFailed(context, cause);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {}
}
