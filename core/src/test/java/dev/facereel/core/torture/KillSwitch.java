package dev.facereel.core.torture;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import dev.facereel.core.Stage;
import dev.facereel.core.process.ChildJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stops a child JVM at an exact file operation and kills it there with SIGKILL. The child runs with a JDWP agent
 * ({@link #JVM_OPTION}); this attaches to it through JDI, waits for the pipeline's worker thread to reach a
 * {@link Point} (a stage, the publication of the detect results, or a cast edit of {@code ShowCast}: its photo copy
 * and the cast store's write), then counts that thread's file operations (every {@code FileChannel} write, {@code Files.move} and
 * {@code Files.delete}) and kills the process, frozen, just before the k-th: inside an atomic write whose temporary
 * file exists but is still empty, before the rename of a complete temporary file, between two steps of a
 * publication, or between the two appends of one detected frame.
 */
final class KillSwitch {
    /** Starts the child suspended, waiting for the debugger, on a free loopback port. */
    static final String JVM_OPTION = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0";
    private static final String LISTENING = "Listening for transport dt_socket at address:";
    private static final String STAGES = "dev.facereel.core.internal.stage.";
    /** Class and method name of each counted operation (all overloads). */
    private static final List<String[]> OPERATIONS = List.of(new String[] {"sun.nio.ch.FileChannelImpl", "write"},
            new String[] {"java.nio.file.Files", "move"}, new String[] {"java.nio.file.Files", "delete"},
            new String[] {"java.nio.file.Files", "deleteIfExists"});
    private static final String POINT = "point";
    /** {@code -Dfacereel.torture.trace=true} prints every counted operation and where it was made. */
    static final String TRACE_PROPERTY = "facereel.torture.trace";

    /** Where counting starts: a stage's {@code run}, or the publication of the detect results. */
    enum Point {
        DETECT(Stage.DETECT, "detect.DetectStage", "run"),
        DETECT_PUBLISH(Stage.DETECT, "detect.DetectWork", "publish"),
        TRACK(Stage.TRACK, "track.TrackStage", "run"),
        STILLS(Stage.STILLS, "stills.StillsStage", "run"),
        CLUSTER(Stage.CLUSTER, "cluster.ClusterStage", "run"),
        /** A cast edit: naming an identity (the cast store's write). */
        CAST_NAME(null, "dev.facereel.core.ShowCast", "name"),
        /** A cast edit: merging identities (the cast store's write). */
        CAST_MERGE(null, "dev.facereel.core.ShowCast", "merge"),
        /** A cast edit: adding a person with a reference photo (the photo's copy, then the cast store's write). */
        CAST_ADD(null, "dev.facereel.core.ShowCast", "add");

        /** The points inside a job's stages, in the order a job reaches them. */
        static final List<Point> IN_JOBS = List.of(DETECT, DETECT_PUBLISH, TRACK, STILLS, CLUSTER);

        /** The stage, or null for a cast edit. */
        final Stage stage;
        final String type;
        final String method;

        Point(Stage stage, String type, String method) {
            this.stage = stage;
            this.type = type.startsWith("dev.") ? type : STAGES + type;
            this.method = method;
        }
    }

    private final ChildJvm child;
    private final VirtualMachine vm;
    private final EventRequestManager requests;
    private final Map<Point, Integer> counts = new EnumMap<>(Point.class);
    private ThreadReference worker;
    private Point current;

    private KillSwitch(ChildJvm child, VirtualMachine vm) {
        this.child = child;
        this.vm = vm;
        this.requests = vm.eventRequestManager();
    }

    /** Where a kill landed: the point, the operation's number after it, and the call stack that made it. */
    record Hit(Point point, int operation, String where) {
    }

    /** Lets the child run to its end and counts the worker's file operations after each point (up to the next). */
    static Map<Point, Integer> count(ChildJvm child, Duration timeout) throws IOException {
        KillSwitch k = attach(child);
        k.run(null, 0, timeout);
        return Map.copyOf(k.counts);
    }

    /**
     * Kills the child just before the worker's {@code operation}-th file operation after {@code point} (counted from
     * 1), or, when the worker leaves the point before that many (its heartbeat writes vary with its speed), just
     * before its first file operation after it. Empty when the child ended first.
     */
    static Optional<Hit> killAt(ChildJvm child, Point point, int operation, Duration timeout) throws IOException {
        return attach(child).run(point, operation, timeout);
    }

    private static KillSwitch attach(ChildJvm child) throws IOException {
        String port = child.awaitLine(LISTENING, Duration.ofSeconds(30));
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> args = socket.defaultArguments();
        args.get("hostname").setValue("127.0.0.1");
        args.get("port").setValue(port);
        try {
            return new KillSwitch(child, socket.attach(args));
        } catch (IllegalConnectorArgumentsException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Hit> run(Point target, int operation, Duration timeout) {
        for (Point p : Point.values()) {
            ClassPrepareRequest prepare = requests.createClassPrepareRequest();
            prepare.addClassFilter(p.type);
            prepare.putProperty(POINT, p);
            prepare.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            prepare.enable();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            vm.resume();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("child " + child.pid() + " neither ended nor reached the kill point within "
                            + timeout + "; its output:\n" + child.output());
                }
                EventSet events = vm.eventQueue().remove(left);
                if (events == null) {
                    continue;
                }
                for (Event event : events) {
                    if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                        return Optional.empty();
                    }
                    if (event instanceof ClassPrepareEvent prepared) {
                        prepared(prepared);
                    } else if (event instanceof BreakpointEvent hit) {
                        Optional<Hit> kill = breakpoint(hit, target, operation);
                        if (kill.isPresent()) {
                            child.kill();
                            return kill;
                        }
                    }
                }
                events.resume();
            }
        } catch (VMDisconnectedException ended) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void prepared(ClassPrepareEvent event) {
        ReferenceType type = event.referenceType();
        if (event.request().getProperty(POINT) instanceof Point point) {
            for (Method m : type.methodsByName(point.method)) {
                BreakpointRequest entry = requests.createBreakpointRequest(m.location());
                entry.putProperty(POINT, point);
                entry.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                entry.enable();
            }
            return;
        }
        armOperations(type);
    }

    private Optional<Hit> breakpoint(BreakpointEvent hit, Point target, int operation) {
        if (hit.request().getProperty(POINT) instanceof Point point) {
            current = point;
            if (worker == null) {
                worker = hit.thread();
                armOperations();
            }
            return Optional.empty();
        }
        int n = counts.merge(current, 1, Integer::sum);
        if (Boolean.getBoolean(TRACE_PROPERTY)) {
            System.out.printf("[torture] child %d, operation %d after %s: %s%n", child.pid(), n, current,
                    where(hit.thread()));
        }
        // A worker that makes fewer heartbeats than the reference run left the point before its operation-th file
        // operation: it dies at its first one after the point instead.
        boolean passed = current != target && counts.getOrDefault(target, 0) > 0;
        if (current == target && n == operation || target != null && passed) {
            return Optional.of(new Hit(current, n, where(hit.thread())));
        }
        return Optional.empty();
    }

    /** Breakpoints on every counted operation of the worker thread; classes not loaded yet get them when they are. */
    private void armOperations() {
        for (String[] op : OPERATIONS) {
            List<ReferenceType> loaded = vm.classesByName(op[0]);
            if (loaded.isEmpty()) {
                ClassPrepareRequest prepare = requests.createClassPrepareRequest();
                prepare.addClassFilter(op[0]);
                prepare.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                prepare.enable();
            }
        }
        // Once per class: armOperations(type) arms all of its operations, and a second breakpoint on one location
        // would count one operation twice.
        OPERATIONS.stream().map(op -> op[0]).distinct().forEach(type -> vm.classesByName(type)
                .forEach(this::armOperations));
    }

    /** Breakpoints, for the worker thread only, on the counted operations {@code type} declares. */
    private void armOperations(ReferenceType type) {
        for (String[] op : OPERATIONS) {
            if (op[0].equals(type.name())) {
                for (Method m : type.methodsByName(op[1])) {
                    if (m.location() != null) {
                        BreakpointRequest request = requests.createBreakpointRequest(m.location());
                        request.addThreadFilter(worker);
                        request.setSuspendPolicy(EventRequest.SUSPEND_ALL);
                        request.enable();
                    }
                }
            }
        }
    }

    /** The operation and the FaceReel frames below it, innermost first. */
    private static String where(ThreadReference thread) {
        List<String> frames = new ArrayList<>();
        try {
            List<StackFrame> stack = thread.frames();
            frames.add(describe(stack.get(0).location()));
            for (StackFrame f : stack) {
                Location l = f.location();
                if (l.declaringType().name().startsWith("dev.facereel.core.internal") && frames.size() < 5) {
                    frames.add(describe(l));
                }
            }
        } catch (com.sun.jdi.IncompatibleThreadStateException e) {
            frames.add("(stack unavailable)");
        }
        return String.join(" < ", frames);
    }

    private static String describe(Location l) {
        String type = l.declaringType().name();
        return type.substring(type.lastIndexOf('.') + 1) + "." + l.method().name() + ":" + l.lineNumber();
    }
}
