package dev.facereel.core.cast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.JobStoreException;
import dev.facereel.core.internal.cast.CastUpdates;
import dev.facereel.spi.BoundingBox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CastStore} must do. Extend it once per implementation: {@link #createStore} gives a store over
 * empty storage, {@link #corrupt} damages one show's stored document behind the store's back.
 */
public abstract class CastStoreContractTest {
    protected static final Instant T0 = Instant.parse("2026-12-01T10:15:00Z");
    private CastStore store;

    /** A store over storage of this test's own, empty. */
    protected abstract CastStore createStore();

    /** Replaces the stored document of {@code show} with {@code text}, as a damaged disk or a bad hand edit would. */
    protected abstract void corrupt(String show, String text) throws Exception;

    /** The show's stored document, as text. */
    protected abstract String stored(String show) throws Exception;

    /** What the corruption error must name: the file, or the row. */
    protected abstract String corruptLocation(String show);

    /** The exception type a corrupt document raises. */
    protected Class<? extends JobStoreException> corruptType() {
        return JobStoreException.class;
    }

    @BeforeEach
    void open() {
        store = createStore();
    }

    protected CastStore store() {
        return store;
    }

    private static TrackAnchor anchor(String track, int first, int last) {
        return new TrackAnchor(track, first, last, new BoundingBox(1.5f, 2.25f, 101.125f, 98.0625f));
    }

    private static Person person(String id, String name) {
        return new Person(id, name, List.of(new Reference("model-a", new float[] {0.25f, -0.5f}, null, null,
                "shows/s/photos/" + id + ".jpg")));
    }

    /** A cast with every field in use: both kinds of reference, every edit kind, unicode and awkward floats. */
    private static Cast everyField(String show) {
        float[] odd = {Float.MIN_VALUE, -0.0f, Float.MAX_VALUE, 1f / 3f, -Float.MIN_NORMAL, 0.1f, 123456.789f};
        List<Reference> refs = List.of(
                new Reference("model-a", odd, "ep_s01_e01", anchor("t0007", 10, 42), null),
                new Reference("model-b", new float[] {1f}, null, null, "shows/" + show + "/photos/ab12.png"));
        List<Person> people = List.of(new Person("c001", "Zoë Ångström-李小龍 😀", refs),
                new Person("c002", "O'Brien \"Bo\" \\ /", List.of()));
        List<Edit> edits = new ArrayList<>();
        int n = 1;
        for (Edit.Kind kind : Edit.Kind.values()) {
            boolean episode = kind == Edit.Kind.NAME || kind == Edit.Kind.NOT || kind == Edit.Kind.MERGE
                    || kind == Edit.Kind.MOVE;
            edits.add(new Edit(String.format("e%04d", n), T0.plusMillis(n * 1001L), kind,
                    episode ? "ep_s01_e01" : null, kind == Edit.Kind.MERGE || kind == Edit.Kind.MOVE ? null : "c001",
                    kind == Edit.Kind.MERGE || kind == Edit.Kind.MOVE ? null : "Zoë Ångström-李小龍 😀",
                    episode ? List.of(anchor("t0001", 0, 5), anchor("t0002", 6, 6)) : List.of(),
                    kind == Edit.Kind.MOVE ? List.of(anchor("t0003", 7, 9)) : List.of()));
            n++;
        }
        return new Cast(show, 0, people, edits);
    }

    @Test
    void read_showNeverStored_isTheEmptyCastAtVersionZero() {
        assertThat(store.read("nobody")).isEqualTo(Cast.empty("nobody"));
        assertThat(store.shows()).isEmpty();
    }

    @Test
    void replace_atTheStoredVersion_storesTheNextVersion() {
        Cast first = store.replace(new Cast("s", 0, List.of(person("c001", "Ann")), List.of())).orElseThrow();
        assertThat(first.version()).isEqualTo(1);
        assertThat(store.read("s")).isEqualTo(first);

        Cast second = store.replace(new Cast("s", 1, List.of(person("c001", "Ann"), person("c002", "Bob")),
                List.of())).orElseThrow();
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.read("s")).isEqualTo(second);
    }

    @Test
    void replace_atAStaleVersion_returnsEmpty_andChangesNothing() {
        Cast stored = store.replace(new Cast("s", 0, List.of(person("c001", "Ann")), List.of())).orElseThrow();
        store.replace(new Cast("s", 1, List.of(person("c001", "Ann"), person("c002", "Bob")), List.of()))
                .orElseThrow();
        Cast now = store.read("s");

        assertThat(store.replace(new Cast("s", 0, List.of(person("c009", "Eve")), List.of()))).as("from 0").isEmpty();
        assertThat(store.replace(new Cast("s", stored.version(), List.of(), List.of()))).as("from 1").isEmpty();
        assertThat(store.replace(new Cast("s", 7, List.of(), List.of()))).as("from a future version").isEmpty();
        assertThat(store.read("s")).isEqualTo(now);
    }

    @Test
    void shows_listsTheShowsWithAStoredCast_sorted() {
        for (String show : List.of("zeta", "alpha", "mid-show_2")) {
            store.replace(new Cast(show, 0, List.of(person("c001", "Ann")), List.of())).orElseThrow();
        }
        store.read("never");
        assertThat(store.shows()).containsExactly("alpha", "mid-show_2", "zeta");
    }

    @Test
    void replace_thenRead_roundTripsEveryField_vectorsBitExact() {
        Cast cast = everyField("s");
        Cast stored = store.replace(cast).orElseThrow();
        Cast read = store.read("s");

        assertThat(read).isEqualTo(stored);
        assertThat(read.people()).isEqualTo(cast.people());
        assertThat(read.edits()).isEqualTo(cast.edits());
        float[] want = cast.people().get(0).references().get(0).vector();
        float[] got = read.people().get(0).references().get(0).vector();
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < want.length; i++) {
            assertThat(Float.floatToRawIntBits(got[i])).as("bits of component %d", i)
                    .isEqualTo(Float.floatToRawIntBits(want[i]));
        }
        assertThat(read.edits().stream().map(Edit::kind).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Edit.Kind.values());
        assertThat(read.edits()).extracting(Edit::at).containsExactlyElementsOf(cast.edits().stream()
                .map(Edit::at).toList());
    }

    @Test
    void read_corruptDocument_failsNamingIt_andLosesNothingElse() throws Exception {
        Cast other = store.replace(new Cast("other", 0, List.of(person("c001", "Ann")), List.of())).orElseThrow();
        store.replace(new Cast("s", 0, List.of(person("c001", "Ann")), List.of())).orElseThrow();
        for (String text : List.of("{not json", "{\"schema\":1,\"show\":\"s\",\"version\":1}",
                "{\"schema\":1,\"show\":\"s\",\"version\":1,\"people\":[{\"id\":\"c001\",\"name\":\"Ann\","
                        + "\"references\":[{\"model_id\":\"m\",\"vector\":\"AAA\",\"photo\":\"p\"}]}],\"edits\":[]}")) {
            corrupt("s", text);
            assertThatThrownBy(() -> store.read("s")).as(text).isInstanceOf(corruptType())
                    .hasMessageContaining(corruptLocation("s"));
            assertThatThrownBy(() -> CastUpdates.update(store, "s", c -> new Cast(c.show(), c.version(), List.of(),
                    List.of()))).as("an update over " + text).isInstanceOf(corruptType())
                    .hasMessageContaining(corruptLocation("s"));
            assertThat(stored("s")).as("the damaged document is kept as it was").isEqualTo(text);
        }
        assertThat(store.read("other")).as("another show's cast").isEqualTo(other);
        assertThat(store.shows()).contains("other", "s");
    }

    @Test
    void update_fromManyThreadsAtOnce_keepsEveryAcknowledgedPerson() throws Exception {
        int threads = 8;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<String>>> acks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                acks.add(pool.submit(() -> {
                    start.await();
                    List<String> added = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        String name = "Person " + thread + "-" + i;
                        Cast after = CastUpdates.update(store, "s", c -> {
                            List<Person> people = new ArrayList<>(c.people());
                            people.add(person(String.format("c%03d", c.people().size() + 1), name));
                            return new Cast(c.show(), c.version(), people, c.edits());
                        });
                        assertThat(after.personNamed(name)).isPresent();
                        added.add(name);
                    }
                    return added;
                }));
            }
            start.countDown();
            Set<String> acknowledged = new java.util.TreeSet<>();
            for (Future<List<String>> f : acks) {
                acknowledged.addAll(f.get(2, TimeUnit.MINUTES));
            }
            Cast end = store.read("s");
            assertThat(end.people()).extracting(Person::name).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(acknowledged).hasSize(threads * each);
            assertThat(end.version()).isEqualTo(threads * each);
        } finally {
            pool.shutdownNow();
        }
    }
}
