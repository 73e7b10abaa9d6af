package dev.facereel.jobstore.postgres.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace that plays a separate host: a veth pair links it to this host, which it reaches at
 * {@link #hostAddress()}. {@link #cut()} takes this host's end of the pair down, as a pulled cable would, and
 * {@link #mend()} brings it back. Needs root and iproute2's {@code ip}.
 */
final class NetworkNamespace implements AutoCloseable {
    private final String name;
    private final String outside;
    private final String hostAddress;

    private NetworkNamespace(String name, String outside, String hostAddress) {
        this.name = name;
        this.outside = outside;
        this.hostAddress = hostAddress;
    }

    /** Why namespaces cannot be made here, or empty when they can. */
    static Optional<String> unavailable() {
        String probe = "facereel-probe-" + ProcessHandle.current().pid();
        try {
            ip("netns", "add", probe);
            try {
                ip("netns", "exec", probe, "ip", "link", "set", "lo", "up");
            } finally {
                ip("netns", "del", probe);
            }
            return Optional.empty();
        } catch (IOException | IllegalStateException e) {
            return Optional.of("network namespaces are not available here (they need root and iproute2's ip): "
                    + e.getMessage());
        }
    }

    /** A new namespace with its own veth pair and /30 subnet; {@code index} tells the namespaces of one test apart. */
    static NetworkNamespace create(int index) throws IOException {
        long pid = ProcessHandle.current().pid();
        String tag = (pid % 100_000) + "x" + index;
        String name = "facereel-" + tag;
        String outside = "frv" + tag + "o";
        String inside = "frv" + tag + "i";
        String subnet = "10.231." + (pid % 250) + ".";
        String host = subnet + (index * 4 + 1);
        String guest = subnet + (index * 4 + 2);
        ip("netns", "add", name);
        NetworkNamespace ns = new NetworkNamespace(name, outside, host);
        try {
            ip("link", "add", outside, "type", "veth", "peer", "name", inside);
            ip("link", "set", inside, "netns", name);
            ip("addr", "add", host + "/30", "dev", outside);
            ip("link", "set", outside, "up");
            ip("-n", name, "addr", "add", guest + "/30", "dev", inside);
            ip("-n", name, "link", "set", inside, "up");
            ip("-n", name, "link", "set", "lo", "up");
            return ns;
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** This host's address as seen from inside the namespace. */
    String hostAddress() {
        return hostAddress;
    }

    /** The command prefix that runs a program inside the namespace (it executes the program in its own place). */
    List<String> launcher() {
        return List.of("ip", "netns", "exec", name);
    }

    void cut() throws IOException {
        ip("link", "set", outside, "down");
    }

    void mend() throws IOException {
        ip("link", "set", outside, "up");
    }

    /** Deletes the namespace, and with it the veth pair. */
    @Override
    public void close() throws IOException {
        ip("netns", "del", name);
    }

    private static void ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", cmd) + " was interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
