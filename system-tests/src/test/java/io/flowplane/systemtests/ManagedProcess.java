package io.flowplane.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real process started by a test, with its output in a log file, stopped when the test ends. */
final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ManagedProcess start(String name, List<String> command, Map<String, String> env) {
        Path log = TestEnvironment.logDir().resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(TestEnvironment.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            // A test that dies before its cleanup must not leave services running.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return new ManagedProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    static ManagedProcess java(String name, Path jar, List<String> args, Map<String, String> env) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", jar.toString()));
        command.addAll(args);
        return start(name, command, env);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with the log's tail if the process already died; for use inside waits. */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "; log tail:\n" + tail(40));
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
