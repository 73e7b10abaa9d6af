package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One {@code facereel} child process running the packaged jar ({@code -Dfacereel.jar}), with its stdout and stderr
 * collected line by line as they arrive. Close it to make sure the process is gone.
 */
final class FaceReelProcess implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(25);

    private final List<String> command;
    private final Process process;
    private final Output out;
    private final Output err;

    private FaceReelProcess(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.out = new Output(process.getInputStream(), "facereel-stdout-" + process.pid());
        this.err = new Output(process.getErrorStream(), "facereel-stderr-" + process.pid());
    }

    /** Starts {@code facereel args…} in {@code workDir}. */
    static FaceReelProcess start(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            return new FaceReelProcess(command, p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** Runs {@code facereel args…} to its end, at most {@code timeout}. */
    static FaceReelProcess run(Path workDir, Duration timeout, String... args) {
        FaceReelProcess p = start(workDir, args);
        try {
            p.awaitExit(timeout);
            return p;
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    /** Runs {@code facereel status --json} for the episode, checks it exits 0, and returns its JSON. */
    static JsonNode status(Path workDir, Path data, String episode) {
        try (FaceReelProcess p = run(workDir, Duration.ofMinutes(1), "status", "--episode", episode, "--data",
                data.toString(), "--json")) {
            assertThat(p.exitCode()).as(p.describe()).isZero();
            assertThat(p.stdoutLines()).as("status --json prints one line").hasSize(1);
            try {
                return new ObjectMapper().readTree(p.stdout());
            } catch (IOException e) {
                throw new AssertionError("status --json printed no JSON: " + p.describe(), e);
            }
        }
    }

    static Path jar() {
        String configured = System.getProperty("facereel.jar");
        assertThat(configured).as("system property facereel.jar (set by the failsafe plugin)").isNotBlank();
        Path jar = Path.of(configured);
        assertThat(jar).as("the packaged command line; run 'mvn package' first").isRegularFile();
        return jar;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the process to exit and returns its exit code; fails the test after {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("facereel did not exit within " + timeout + ": " + describe());
            }
            out.join();
            err.join();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return out.text();
    }

    String stderr() {
        return err.text();
    }

    List<String> stdoutLines() {
        return out.lines();
    }

    List<String> stderrLines() {
        return err.lines();
    }

    /**
     * Checks that the command was refused: {@code exitCode}, nothing on stdout, and besides progress lines one
     * stderr line, {@code facereel: ...} naming {@code culprit}. Returns that line.
     */
    String assertRefused(int exitCode, String culprit) {
        assertThat(exitCode()).as(describe()).isEqualTo(exitCode);
        assertThat(stdout()).as("stdout of " + describe()).isEmpty();
        List<String> errors = stderrLines().stream()
                .filter(l -> !AnalyzeAndReportIT.PROGRESS.matcher(l).matches()).toList();
        assertThat(errors).as("stderr besides progress lines of " + describe()).hasSize(1);
        assertThat(errors.get(0)).startsWith("facereel: ").contains(culprit);
        return errors.get(0);
    }

    /**
     * Waits until a stderr line matches; fails the test if the process exits first or {@code timeout} passes.
     * Returns the matching line.
     */
    String awaitStderrLine(Predicate<String> matches, String what, Duration timeout) {
        return err.await(matches, timeout, () -> what + " on stderr of " + describe());
    }

    /** Sends a signal by name ({@code INT}, {@code KILL}) with {@code /bin/kill}. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("/bin/kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -" + name + " finished").isTrue();
            assertThat(kill.exitValue()).as("kill -" + name + " " + process.pid()).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String describe() {
        return "facereel " + String.join(" ", command.subList(4, command.size())) + " (pid " + process.pid()
                + (process.isAlive() ? ", running" : ", exit " + process.exitValue()) + ")\n--- stdout:\n" + stdout()
                + "--- stderr:\n" + stderr();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Polls {@code condition} until it holds; fails the test with {@code what} after {@code timeout}. For
     * conditions outside the child's output, such as a file appearing.
     */
    static void awaitCondition(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            parkBriefly();
        }
    }

    /** Like {@link #awaitCondition}, but also fails as soon as this process has exited. */
    void awaitWhileRunning(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                awaitExit(Duration.ofSeconds(10));
                if (condition.getAsBoolean()) {
                    return;
                }
                fail("facereel exited before " + what + ": " + describe());
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for " + what + ": " + describe());
            }
            parkBriefly();
        }
    }

    private static void parkBriefly() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lines of one stream of the child, read on their own thread; waiters are woken per line. */
    private static final class Output {
        private final List<String> lines = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private final Thread reader;
        private boolean closed;

        Output(InputStream in, String name) {
            reader = new Thread(() -> pump(in), name);
            reader.setDaemon(true);
            reader.start();
        }

        private void pump(InputStream in) {
            StringBuilder line = new StringBuilder();
            try (var r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                int c;
                while ((c = r.read()) >= 0) {
                    synchronized (this) {
                        text.append((char) c);
                    }
                    if (c == '\n') {
                        add(line.toString());
                        line.setLength(0);
                    } else if (c != '\r') {
                        line.append((char) c);
                    }
                }
            } catch (IOException closedStream) {
                // the process ended or was destroyed
            } finally {
                if (line.length() > 0) {
                    add(line.toString());
                }
                synchronized (this) {
                    closed = true;
                    notifyAll();
                }
            }
        }

        private synchronized void add(String line) {
            lines.add(line);
            notifyAll();
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        synchronized String await(Predicate<String> matches, Duration timeout,
                                  java.util.function.Supplier<String> what) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (matches.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                if (closed) {
                    fail("stream ended without " + what.get());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("timed out after " + timeout + " waiting for " + what.get());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        void join() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
