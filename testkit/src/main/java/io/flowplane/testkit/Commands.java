package io.flowplane.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short command-line tools a test runs to completion (pg_ctl, initdb, the temporal CLI, jcmd). */
public final class Commands {
    private static final int TIMEOUT_SECONDS = 120;

    private Commands() {}

    /** Runs the command and returns its output; fails with the output if it exits non-zero or runs over 120 s. */
    public static String run(List<String> command) {
        File output = null;
        try {
            // into a file, not a pipe: a tool that leaves a child holding the pipe (pg_ctl start) must not block us
            output = File.createTempFile("fp-command-", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command)
                        + "\n" + Files.readString(output.toPath()));
            }
            String text = Files.readString(output.toPath());
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        } finally {
            if (output != null) {
                output.delete();
            }
        }
    }
}
