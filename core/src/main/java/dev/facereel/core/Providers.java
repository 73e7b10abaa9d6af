package dev.facereel.core;

import dev.facereel.spi.Detector;
import dev.facereel.spi.DetectorProvider;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.EmbedderProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.NoSuchProviderException;
import dev.facereel.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds detector and embedder providers by name through {@link ServiceLoader}. A provider that fails to load,
 * or was built for another SPI version, is logged and skipped. When two providers share a name the first
 * on the class path wins and the choice is logged. Immutable and thread-safe once built.
 */
public final class Providers {
    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

    /** Which artifact adds each provider FaceReel itself ships, for the "unknown name" message. */
    private static final Map<String, String> SHIPPED_IN = Map.of(
            "opencv-haar", "facereel-core",
            "opencv-lbp", "facereel-core",
            "scrfd", "facereel-detectors-onnx",
            "yunet", "facereel-detectors-onnx",
            "ultraface", "facereel-detectors-onnx",
            "arcface", "facereel-detectors-onnx");

    private final List<DetectorProvider> detectors;
    private final List<EmbedderProvider> embedders;

    private Providers(List<DetectorProvider> detectors, List<EmbedderProvider> embedders) {
        this.detectors = List.copyOf(detectors);
        this.embedders = List.copyOf(embedders);
    }

    /** The providers visible to this library's class loader. */
    public static Providers fromClassPath() {
        return load(Providers.class.getClassLoader());
    }

    /** The providers visible to the given class loader. */
    public static Providers load(ClassLoader loader) {
        return new Providers(
                discover(ServiceLoader.load(DetectorProvider.class, loader), DetectorProvider::name, DetectorProvider::spiVersion),
                discover(ServiceLoader.load(EmbedderProvider.class, loader), EmbedderProvider::name, EmbedderProvider::spiVersion));
    }

    /**
     * Opens a detector from the provider with this name.
     *
     * @throws NoSuchProviderException when no provider has that name; the message lists those that exist
     */
    public Detector detector(String name, ProviderConfig config) {
        return pick("detector", name, detectors, DetectorProvider::name).create(config);
    }

    /**
     * Opens an embedder from the provider with this name.
     *
     * @throws NoSuchProviderException when no provider has that name; the message lists those that exist
     */
    public Embedder embedder(String name, ProviderConfig config) {
        return pick("embedder", name, embedders, EmbedderProvider::name).create(config);
    }

    /** Detector provider names, sorted. */
    public List<String> detectorNames() {
        return names(detectors, DetectorProvider::name);
    }

    /** Embedder provider names, sorted. */
    public List<String> embedderNames() {
        return names(embedders, EmbedderProvider::name);
    }

    private static <P> List<P> discover(ServiceLoader<P> loader, Function<P, String> name, Function<P, Integer> version) {
        List<P> found = new ArrayList<>();
        Iterator<P> it = loader.iterator();
        while (true) {
            P provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.warn("Skipping a face provider that failed to load: {}", e.toString());
                continue;
            }
            try {
                int v = version.apply(provider);
                if (v != FaceReelSpi.VERSION) {
                    LOG.warn("Skipping provider '{}' ({}): built for SPI version {}, this is version {}",
                            name.apply(provider), provider.getClass().getName(), v, FaceReelSpi.VERSION);
                    continue;
                }
                found.add(provider);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Skipping face provider {}: {}", provider.getClass().getName(), e.toString());
            }
        }
        return found;
    }

    private static <P> P pick(String role, String name, List<P> providers, Function<P, String> nameOf) {
        List<P> matches = providers.stream().filter(p -> nameOf.apply(p).equals(name)).toList();
        if (matches.isEmpty()) {
            List<String> available = names(providers, nameOf);
            String hint = SHIPPED_IN.containsKey(name)
                    ? " '" + name + "' is in the artifact dev.facereel:" + SHIPPED_IN.get(name) + "; add it to the class path."
                    : "";
            throw new NoSuchProviderException("No " + role + " provider named '" + name + "'. Available: "
                    + (available.isEmpty() ? "none" : String.join(", ", available)) + "." + hint, name, available);
        }
        if (matches.size() > 1) {
            LOG.warn("Several {} providers are named '{}': {}; using {}", role, name,
                    matches.stream().map(p -> p.getClass().getName()).toList(), matches.get(0).getClass().getName());
        }
        return matches.get(0);
    }

    private static <P> List<String> names(List<P> providers, Function<P, String> nameOf) {
        return List.copyOf(new TreeSet<>(providers.stream().map(nameOf).toList()));
    }
}
