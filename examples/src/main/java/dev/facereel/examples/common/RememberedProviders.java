package dev.facereel.examples.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The providers a data root was analysed with, remembered in {@code <root>/providers.json}, so that later commands
 * on the root need no provider or model flags: the one class that writes and reads that file. A flag overrides what
 * is remembered, and a command that runs jobs records the override. Writes are atomic (a temporary file, then an
 * atomic rename). Stateless; concurrent writers of one root each leave a whole file, the last one's.
 */
public final class RememberedProviders {
    public static final String FILE = "providers.json";
    static final int SCHEMA = 1;
    static final String DEFAULT_DETECTOR = "opencv-haar";
    static final String DEFAULT_EMBEDDER = "opencv-lbp";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A provider's name and model file (null when it needs none), and where the model path came from. */
    public record Provider(String name, Path model, String modelOrigin) {
        public Provider {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The detector and embedder a command's jobs run with. */
    public record Choice(Provider detector, Provider embedder) {
        public Choice {
            Objects.requireNonNull(detector, "detector");
            Objects.requireNonNull(embedder, "embedder");
        }

        boolean sameAs(Choice other) {
            return other != null && same(detector, other.detector) && same(embedder, other.embedder);
        }

        private static boolean same(Provider a, Provider b) {
            return a.name().equals(b.name()) && Objects.equals(a.model(), b.model());
        }
    }

    private RememberedProviders() {
    }

    /** {@code <data>/providers.json}. */
    public static Path file(Path data) {
        return data.toAbsolutePath().resolve(FILE);
    }

    /**
     * What the root remembers, if anything.
     *
     * @throws InvalidInputException when the file exists but is not a providers file this version reads
     */
    public static Optional<Choice> read(Path data) {
        Path file = file(data);
        Optional<byte[]> bytes = AtomicFiles.read(file);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        String origin = "remembered in " + file;
        try {
            JsonNode root = JSON.readTree(bytes.get());
            if (root == null || !root.isObject() || root.path("schema").asInt(-1) != SCHEMA) {
                throw unreadable(file, "expected a JSON object with \"schema\": " + SCHEMA, null);
            }
            return Optional.of(new Choice(provider(root, "detector", file, origin),
                    provider(root, "embedder", file, origin)));
        } catch (IOException e) {
            throw unreadable(file, e.getMessage(), e);
        }
    }

    /**
     * The providers to run with: each flag that was given (null when not), else what the root remembers, else the
     * model-free defaults. A remembered model is used only with the provider it was remembered for. Model files must
     * exist. Nothing is recorded ({@link #record}).
     *
     * @throws InvalidInputException when a model file is missing (naming it and whether it came from a flag or the
     *     file), or the remembered file is unreadable
     */
    public static Choice resolve(Path data, String detector, Path detectorModel, String embedder, Path embedderModel) {
        Optional<Choice> remembered = read(data);
        Choice choice = new Choice(
                pick("detector", detector, detectorModel, remembered.map(Choice::detector), DEFAULT_DETECTOR),
                pick("embedder", embedder, embedderModel, remembered.map(Choice::embedder), DEFAULT_EMBEDDER));
        requireModel("detector", choice.detector());
        requireModel("embedder", choice.embedder());
        return choice;
    }

    /**
     * Records {@code choice} as what the root remembers, unless it remembers exactly that already.
     *
     * @throws InvalidInputException when the remembered file is unreadable
     */
    public static void record(Path data, Choice choice, Clock clock) {
        if (!choice.sameAs(read(data).orElse(null))) {
            write(data, choice, clock);
        }
    }

    /** Replaces {@code <data>/providers.json} with {@code choice}. */
    static void write(Path data, Choice choice, Clock clock) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        put(root.putObject("detector"), choice.detector());
        put(root.putObject("embedder"), choice.embedder());
        root.put("updated_at", clock.instant().toString());
        try {
            AtomicFiles.write(file(data), JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode " + FILE, e);
        }
    }

    private static Provider pick(String kind, String flag, Path modelFlag, Optional<Provider> remembered,
            String fallback) {
        String name = flag != null ? flag : remembered.map(Provider::name).orElse(fallback);
        if (modelFlag != null) {
            return new Provider(name, modelFlag.toAbsolutePath().normalize(), "given by --" + kind + "-model");
        }
        return remembered.filter(r -> r.name().equals(name) && r.model() != null)
                .map(r -> new Provider(name, r.model(), r.modelOrigin()))
                .orElse(new Provider(name, null, null));
    }

    private static void requireModel(String kind, Provider p) {
        if (p.model() != null && !Files.isRegularFile(p.model())) {
            throw new InvalidInputException(kind + " model file " + p.model() + " for provider '" + p.name()
                    + "' does not exist or is not a file (" + p.modelOrigin() + "); give --" + kind
                    + "-model to use another");
        }
    }

    private static Provider provider(JsonNode root, String kind, Path file, String origin) {
        JsonNode node = root.path(kind);
        String name = node.path("name").asText("");
        if (name.isBlank()) {
            throw unreadable(file, "\"" + kind + "\".\"name\" is missing", null);
        }
        JsonNode model = node.path("model");
        return new Provider(name, model.isTextual() ? file.getFileSystem().getPath(model.asText()) : null, origin);
    }

    private static void put(ObjectNode node, Provider p) {
        node.put("name", p.name());
        if (p.model() == null) {
            node.putNull("model");
        } else {
            node.put("model", p.model().toString());
        }
    }

    private static InvalidInputException unreadable(Path file, String why, Exception cause) {
        return new InvalidInputException("the remembered providers file " + file + " cannot be read (" + why
                + "); fix or delete it, or give --detector and --embedder", cause);
    }
}
