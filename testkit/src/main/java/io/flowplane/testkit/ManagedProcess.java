package io.flowplane.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real process started by a test: its output goes to a log file of its own under
 * {@link TestStack#logDir()}, the log's tail is printed when the test fails
 * ({@link PrintLogsOnFailure}), and it is stopped on close or, at the latest, when the JVM exits.
 */
public final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts the command in the project root. {@code name} names the log file, so make it unique per run. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env) {
        Path log = TestStack.logDir().resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(TestStack.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            // A test that dies before its cleanup must not leave processes running.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            ManagedProcess started = new ManagedProcess(name, process, log);
            ProcessLogs.started(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** A Java process from a runnable jar, small and single-collector as the services run in tests. */
    public static ManagedProcess java(String name, Path jar, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", jar.toString()));
        command.addAll(args);
        return start(name, command, env);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Fails with the log's tail if the process already died; for use inside waits. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "; log tail:\n" + tail(40));
        }
    }

    /** Waits until the log holds {@code text}, failing early (with the log) if the process dies. */
    public void awaitLog(String text, Duration timeout) {
        Wait.until(name + " to log '" + text + "'", timeout, () -> {
            assertAlive();
            return logText().contains(text);
        });
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Ends the process at once (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** Stops the process (SIGTERM), and kills it if it has not exited within 10 s. */
    @Override
    public void close() {
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(10))) {
            kill();
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
