package dev.facereel.core.process;

import dev.facereel.core.FacePipeline;
import dev.facereel.core.ShowCast;
import dev.facereel.core.cast.Edit;
import dev.facereel.core.cast.Person;
import dev.facereel.core.internal.stage.name.NameCodec;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.testing.CastFixtures;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.imageio.ImageIO;

/**
 * A process editing the cast of {@link CastFixtures#SHOW} with several threads at once, for the cross-process
 * concurrency tests. Arguments are {@code key=value}: {@code root} (a copy of the analysed root), {@code index} (this
 * process's number), {@code threads}, {@code edits} (per thread), {@code go} (a file to wait for after printing
 * {@code READY}), and optionally {@code pg} (a PostgreSQL connection string: the casts are kept there, through
 * {@code PostgresJobStorage}, found by reflection since core does not depend on it). With {@code one=name|merge|add}
 * instead of {@code go}, it makes that one edit ({@link #one}) and exits: the torture kills it on the way.
 *
 * <p>Thread 0 adds people with a reference photo each, thread 1 adds one person and renames them again and again,
 * and the other threads merge pairs of the episode's identities and name identities after new people. After each
 * acknowledged change it prints {@code ACK <kind> <edit or person id> <name or ->}; at the end {@code DONE}. Exit
 * code 0, or 1 after printing {@code ERROR}.
 */
public final class CastEditChild {
    private CastEditChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            opts.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        Path root = Path.of(opts.get("root"));
        int index = Integer.parseInt(opts.get("index"));
        int threads = Integer.parseInt(opts.get("threads"));
        int edits = Integer.parseInt(opts.get("edits"));
        FacePipeline.Builder builder = FacePipeline.builder().dataRoot(root).sampleFps(CastFixtures.FPS)
                .detector(new OneFace());
        if (opts.containsKey("pg")) {
            builder.jobStorage((JobStorage) Class.forName("dev.facereel.jobstore.postgres.PostgresJobStorage")
                    .getMethod("connect", String.class).invoke(null, opts.get("pg")));
        }
        int code = 0;
        try (FacePipeline pipeline = builder.build()) {
            ShowCast show = pipeline.show(CastFixtures.SHOW);
            List<NameCodec.Entry> identities = CastFixtures.identities(root);
            Path photo = Files.createDirectories(root.resolve("incoming-" + index)).resolve("face.png");
            Files.write(photo, png(120, 100));
            if (opts.containsKey("one")) {
                one(show, identities, photo, opts.get("one"), out);
                out.println("DONE");
                out.flush();
                System.exit(0);
            }
            out.println("READY");
            Path go = Path.of(opts.get("go"));
            while (!Files.exists(go)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            CountDownLatch done = new CountDownLatch(threads);
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int thread = t;
                new Thread(() -> {
                    try {
                        for (int k = 0; k < edits; k++) {
                            edit(show, identities, photo, index, thread, k, out);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                }, "editor-" + t).start();
            }
            done.await();
            for (Throwable f : failures) {
                out.println("ERROR " + f);
                f.printStackTrace(out);
                code = 1;
            }
        }
        out.println("DONE");
        out.flush();
        System.exit(code);
    }

    private static void edit(ShowCast show, List<NameCodec.Entry> identities, Path photo, int index, int thread,
                             int k, PrintStream out) {
        String tag = index + "-" + thread + "-" + k;
        switch (thread) {
            case 0 -> {
                Person p = show.add("Added " + tag, List.of(photo));
                out.println("ACK add " + p.id() + " " + p.name());
            }
            case 1 -> {
                Person p = k == 0 ? show.add("Renamed " + tag, List.of(photo))
                        : show.rename("Renamed " + index + "-" + thread + "-" + (k - 1), "Renamed " + tag);
                out.println("ACK " + (k == 0 ? "add " : "rename ") + p.id() + " " + p.name());
            }
            default -> {
                Edit e;
                if (k % 2 == 0) {
                    int a = (index + thread + k) % identities.size();
                    int b = (a + 1) % identities.size();
                    e = show.merge(CastFixtures.EPISODE, List.of(identities.get(a).id(), identities.get(b).id()));
                } else {
                    e = show.name(CastFixtures.EPISODE, identities.get((index + k) % identities.size()).id(),
                            "Named " + tag);
                }
                out.println("ACK " + e.kind().id() + " " + e.id() + " " + (e.name() == null ? "-" : e.name()));
            }
        }
    }

    /** One edit of the torture: {@code name} the second identity, {@code merge} the first two, or {@code add} a person. */
    private static void one(ShowCast show, List<NameCodec.Entry> identities, Path photo, String kind, PrintStream out) {
        String line = switch (kind) {
            case "name" -> show.name(CastFixtures.EPISODE, identities.get(1).id(), "Killed Name").id();
            case "merge" -> show.merge(CastFixtures.EPISODE, List.of(identities.get(0).id(), identities.get(1).id()))
                    .id();
            case "add" -> show.add("Killed Add", List.of(photo)).id();
            default -> throw new IllegalArgumentException("unknown edit " + kind);
        };
        out.println("ACK " + kind + " " + line);
    }

    static byte[] png(int width, int height) throws java.io.IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 7 + y * 13) % 256 * 0x010101);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Finds one face, the whole image: reference photos without a face detector's guesswork. */
    public static final class OneFace implements Detector {
        @Override
        public List<Face> detect(Image image) {
            return List.of(new Face(new BoundingBox(0, 0, image.width() - 1, image.height() - 1), 0.9f));
        }

        @Override
        public String modelId() {
            return "one-face";
        }

        @Override
        public boolean isThreadSafe() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
