package org.losscape.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process that the stack started, with its output (stdout and stderr together) appended to a
 * log file. Stopping sends SIGTERM, waits for a grace period, then kills.
 *
 * <p>A reused work folder's log already holds the output of earlier runs; {@link #logContains}
 * and {@link #tail} read only what this process wrote, so that an earlier run's "started" line
 * or error is not taken for this one's.
 */
final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;
    private final long logStart;

    private ChildProcess(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added to this
     * process's environment.
     */
    static ChildProcess start(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path directory,
            Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);

        try {
            Files.createDirectories(log.getParent());
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            return new ChildProcess(name, builder.start(), log, logStart);
        } catch (IOException e) {
            throw new StackException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; only meaningful once {@link #isAlive()} is false. */
    int exitCode() {
        return process.exitValue();
    }

    /** Waits until the process exits by itself; false when {@code timeout} passed first. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks the process to stop (SIGTERM) without waiting. */
    void requestStop() {
        process.destroy();
    }

    /**
     * Waits up to {@code grace} for the process to end after {@link #requestStop()}, then kills
     * it. Interrupts are kept for the caller: stopping continues so that nothing is left behind.
     */
    void awaitStop(Duration grace) {
        boolean interrupted = false;
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether this process's output so far contains {@code text}. */
    boolean logContains(String text) {
        return output().contains(text);
    }

    /** The last {@code lines} lines of this process's output, for error messages. */
    String tail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** What this process has written to its log so far, without earlier runs' output. */
    String output() {
        if (!Files.exists(log)) {
            return "";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(Math.min(logStart, channel.size()));
            byte[] bytes = Channels.newInputStream(channel).readAllBytes();
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", log " + log + ")";
    }
}
