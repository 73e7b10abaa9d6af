package dev.facereel.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Edit;
import dev.facereel.core.cast.Person;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Several {@link CastEditChild} processes editing one cast at once, and the check that every change one of them
 * acknowledged is in the cast at the end. Shared by the file store's test and PostgreSQL's.
 */
public final class CastRace {
    public static final int PROCESSES = 3;
    public static final int THREADS = 4;
    public static final int EDITS = 5;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private CastRace() {
    }

    /**
     * Starts the children on {@code root} (with {@code extra} arguments), lets them go at once, waits for them and
     * checks the cast {@code read} gives afterwards; returns it.
     */
    public static Cast run(Path root, Supplier<Cast> read, String... extra) throws Exception {
        Path go = root.resolve("go");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                List<String> args = new ArrayList<>(List.of("root=" + root, "index=" + i, "threads=" + THREADS,
                        "edits=" + EDITS, "go=" + go));
                args.addAll(List.of(extra));
                children.add(ChildJvm.startMain(CastEditChild.class, List.of("-Xmx128m"), args.toArray(String[]::new)));
            }
            for (ChildJvm c : children) {
                c.awaitLine("READY", TIMEOUT);
            }
            Files.writeString(go, "go");
            List<String[]> acks = new ArrayList<>();
            for (ChildJvm c : children) {
                assertThat(c.awaitExit(TIMEOUT)).as("child %d's exit; its output:\n%s", c.pid(), c.output()).isZero();
                c.linesStartingWith("ACK").forEach(l -> acks.add(l.split(" ", 3)));
            }
            assertThat(acks).hasSize(PROCESSES * THREADS * EDITS);
            Cast cast = read.get();
            check(cast, acks);
            return cast;
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    private static void check(Cast cast, List<String[]> acks) {
        assertThat(cast.version()).as("one stored version per acknowledged change").isEqualTo(acks.size());
        assertThat(cast.edits()).extracting(Edit::id).doesNotHaveDuplicates();
        assertThat(cast.people()).extracting(Person::id).doesNotHaveDuplicates();
        Map<String, Edit> edits = new HashMap<>();
        cast.edits().forEach(e -> edits.put(e.id(), e));
        Map<String, String> lastName = new HashMap<>();
        for (String[] ack : acks) {
            String kind = ack[0];
            String id = ack[1];
            String name = ack[2];
            switch (kind) {
                case "add", "rename" -> lastName.put(id, name);
                case "merge", "name" -> {
                    assertThat(edits).as("acknowledged %s %s", kind, id).containsKey(id);
                    Edit e = edits.get(id);
                    assertThat(e.kind().id()).isEqualTo(kind);
                    if (kind.equals("name")) {
                        assertThat(e.name()).isEqualTo(name);
                        assertThat(cast.personNamed(name)).as("the person named by %s", id).isPresent();
                    }
                }
                default -> throw new AssertionError("unknown acknowledgement " + String.join(" ", ack));
            }
        }
        for (Map.Entry<String, String> p : lastName.entrySet()) {
            assertThat(cast.person(p.getKey()).map(Person::name)).as("person %s", p.getKey()).contains(p.getValue());
            assertThat(cast.person(p.getKey()).orElseThrow().references()).as("%s's photo", p.getValue()).hasSize(1);
        }
        long people = acks.stream().filter(a -> a[0].equals("add") || a[0].equals("name")).count();
        assertThat(cast.people()).as("people added, by photo or by name").hasSize((int) people);
    }
}
