package dev.facereel.core.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM running {@link JobChild} (or another main class) with the test class path. Its stdout and stderr are collected line by
 * line on a reader thread, so a test can wait for a line such as {@code CLAIMED <job id>}.
 */
public final class ChildJvm implements AutoCloseable {
    public static final String CLASS_PATH_PROPERTY = "facereel.child.classpath";
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::pump, "child-" + process.pid() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code JobChild} with the given arguments. */
    public static ChildJvm start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** Starts {@code JobChild} with extra JVM options (e.g. {@code -Dname=value}) and the given arguments. */
    public static ChildJvm start(List<String> jvmOptions, String... args) throws IOException {
        return startMain(JobChild.class, jvmOptions, args);
    }

    /**
     * Starts {@code mainClass} (a class on the test class path) with extra JVM options and the given arguments.
     * Options come after the defaults, so for example {@code -Xmx256m} replaces the default heap limit.
     */
    public static ChildJvm startMain(Class<?> mainClass, List<String> jvmOptions, String... args) throws IOException {
        return startMain(List.of(), mainClass, jvmOptions, args);
    }

    /**
     * As {@link #startMain(Class, List, String...)}, through a launcher that ends by executing the JVM in its own
     * place, so that the child's pid is the JVM's (e.g. {@code ip netns exec <name>}).
     */
    public static ChildJvm startMain(List<String> launcher, Class<?> mainClass, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", classPath()));
        cmd.addAll(jvmOptions);
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        return new ChildJvm(pb.start());
    }

    /**
     * The class path for children: the system property {@value #CLASS_PATH_PROPERTY} when set (a launcher such as
     * {@code exec:java} whose own class path is not the test class path sets it), else this JVM's class path.
     */
    public static String classPath() {
        return System.getProperty(CLASS_PATH_PROPERTY, System.getProperty("java.class.path"));
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Waits for the first line that starts with {@code prefix} and returns the rest of it. */
    public String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> hit = findLine(prefix);
            if (hit.isPresent()) {
                return hit.get();
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("child " + pid() + " printed no line starting with '" + prefix + "' within "
                        + timeout + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
                        + "; its output:\n" + output());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** The rest of the first line starting with {@code prefix}, if the child printed one yet. */
    public Optional<String> findLine(String prefix) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
                    .findFirst();
        }
    }

    /** Every line so far that starts with {@code prefix}, without the prefix. */
    public List<String> linesStartingWith(String prefix) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
                    .toList();
        }
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Waits for the child to exit and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child " + pid() + " did not exit within " + timeout + "; its output:\n" + output());
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    /** SIGKILL, then waits until the OS has reaped the process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + pid() + " survived SIGKILL");
        }
    }

    /** Sends a signal with {@code /bin/kill}, e.g. {@code STOP} or {@code CONT}; Java has no API for those. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Kills the child if it still runs; resumes it first if it was stopped. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (IOException | InterruptedException | AssertionError ignored) {
                // best effort: SIGKILL below works on a stopped process too
            }
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Polls {@code condition} every 20 ms until it holds; fails after {@code timeout}. */
    public static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }
}
