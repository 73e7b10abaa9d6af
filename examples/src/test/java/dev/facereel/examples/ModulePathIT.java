package dev.facereel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.Providers;
import dev.facereel.core.StageStatus;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library on the module path. A small application module that requires only {@code dev.facereel.core} is
 * compiled with javac against the packaged jars of spi, core and detectors-onnx and their run-time dependencies (the
 * list the build writes to {@code -Dfacereel.modulePath}), and run in a child {@code java -m}. Its output must show
 * that {@link java.util.ServiceLoader} found {@code scrfd} and {@code arcface} in their named module, that they
 * (and core's {@code opencv-haar} and {@code opencv-lbp}) answer there as they do on the class path, that a
 * {@code FacePipeline} opens, and that it decodes the synthetic episode through its detect stage without JavaCV.
 */
class ModulePathIT {
    private static final String MODULE_INFO = """
            module app {
                requires dev.facereel.core;
            }
            """;

    private static final String MAIN = """
            package app;

            import dev.facereel.core.Episode;
            import dev.facereel.core.FacePipeline;
            import dev.facereel.core.Providers;
            import dev.facereel.core.Stage;
            import dev.facereel.spi.Detector;
            import dev.facereel.spi.Embedder;
            import dev.facereel.spi.Image;
            import dev.facereel.spi.ProviderConfig;
            import java.nio.file.Path;

            public final class Main {
                public static void main(String[] args) throws InterruptedException {
                    Providers providers = Providers.fromClassPath();
                    System.out.println("detectors " + providers.detectorNames());
                    System.out.println("embedders " + providers.embedderNames());
                    Detector detector = providers.detector("scrfd", ProviderConfig.ofModel(Path.of(args[0])));
                    Embedder embedder = providers.embedder("arcface", ProviderConfig.ofModel(Path.of(args[1])));
                    System.out.println("scrfd " + detector.modelId() + " in " + detector.getClass().getModule().getName());
                    System.out.println("arcface " + embedder.modelId() + " in " + embedder.getClass().getModule().getName());
                    System.out.println("faces on a blank frame " + detector.detect(Image.blank(320, 240)).size());
                    try (Detector haar = providers.detector("opencv-haar", ProviderConfig.empty());
                         Embedder lbp = providers.embedder("opencv-lbp", ProviderConfig.empty())) {
                        System.out.println("opencv " + haar.modelId() + " " + lbp.modelId() + " in "
                                + haar.getClass().getModule().getName());
                    }
                    try (FacePipeline pipeline = FacePipeline.builder().dataRoot(Path.of(args[2]))
                            .detector(detector).embedder(embedder).sampleFps(1).build()) {
                        System.out.println("pipeline in " + FacePipeline.class.getModule().getName()
                                + ", recoverable jobs " + pipeline.recoverable().size());
                        Episode episode = pipeline.register(new Episode("on_module_path", Path.of(args[3])));
                        pipeline.submit(episode, Stage.DETECT).await();
                        System.out.println("detect " + pipeline.status(episode.id()).stages().get(Stage.DETECT).status()
                                .id());
                    }
                    System.out.println("javacv resolved " + ModuleLayer.boot().findModule("org.bytedeco.javacv").isPresent());
                }
            }
            """;

    @TempDir
    Path work;

    @Test
    void appModule_onTheModulePath_findsScrfdAndArcfaceThroughServiceLoader() throws IOException, InterruptedException {
        Path scrfd = SharedAssets.model("scrfd_2.5g_bnkps.onnx");
        Path arcface = SharedAssets.model("mobilefacenet.onnx");
        Path video = SharedAssets.media("episode_synth.mp4");
        List<Path> modulePath = modulePath();
        Path classes = compile(modulePath);
        Path data = Files.createDirectories(work.resolve("data"));

        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", join(modulePath) + File.pathSeparator + classes,
                // JavaCPP's native libraries are in platform modules that nothing requires: name them
                "--add-modules", String.join(",", nativeModules(modulePath)),
                "-m", "app/app.Main", scrfd.toString(), arcface.toString(), data.toString(), video.toString());
        Path stdout = work.resolve("stdout.txt");
        Path stderr = work.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the program finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String describe = String.join(" ", command) + "\nstdout:\n" + Files.readString(stdout, StandardCharsets.UTF_8)
                + "stderr:\n" + Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(describe).isZero();

        Providers classPath = Providers.fromClassPath();
        try (Detector detector = classPath.detector("scrfd", ProviderConfig.ofModel(scrfd));
             Embedder embedder = classPath.embedder("arcface", ProviderConfig.ofModel(arcface));
             Detector haar = classPath.detector("opencv-haar", ProviderConfig.empty());
             Embedder lbp = classPath.embedder("opencv-lbp", ProviderConfig.empty())) {
            assertThat(Files.readAllLines(stdout, StandardCharsets.UTF_8)).as(describe).containsExactly(
                    "detectors [opencv-haar, scrfd, ultraface, yunet]",
                    "embedders [arcface, opencv-lbp]",
                    "scrfd " + detector.modelId() + " in dev.facereel.onnx",
                    "arcface " + embedder.modelId() + " in dev.facereel.onnx",
                    "faces on a blank frame 0",
                    "opencv " + haar.modelId() + " " + lbp.modelId() + " in dev.facereel.core",
                    "pipeline in dev.facereel.core, recoverable jobs 0",
                    "detect " + StageStatus.SUCCEEDED.id(),
                    "javacv resolved false");
        }
    }

    /** The jars the build listed; junit, assertj and the command line's own dependencies are not among them. */
    private static List<Path> modulePath() throws IOException {
        String listed = System.getProperty("facereel.modulePath");
        assertThat(listed).as("system property facereel.modulePath (set by the failsafe plugin)").isNotBlank();
        Path list = Path.of(listed);
        assertThat(list).as("the module path the build writes at pre-integration-test; run 'mvn verify'").isRegularFile();
        List<Path> jars = Arrays.stream(Files.readString(list, StandardCharsets.UTF_8).trim().split(File.pathSeparator))
                .map(Path::of).toList();
        assertThat(jars).as("the module path").allSatisfy(jar -> assertThat(jar).isRegularFile())
                .noneSatisfy(jar -> assertThat(jar.getFileName().toString()).startsWith("javacv"));
        return jars;
    }

    private Path compile(List<Path> modulePath) throws IOException {
        Path sources = work.resolve("src");
        Path mainSource = sources.resolve("app").resolve("Main.java");
        Files.createDirectories(mainSource.getParent());
        Files.writeString(sources.resolve("module-info.java"), MODULE_INFO, StandardCharsets.UTF_8);
        Files.writeString(mainSource, MAIN, StandardCharsets.UTF_8);
        Path classes = work.resolve("classes");
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
        StringWriter messages = new StringWriter();
        PrintWriter writer = new PrintWriter(messages);
        int rc = javac.run(writer, writer, "-d", classes.toString(), "--module-path", join(modulePath),
                sources.resolve("module-info.java").toString(), mainSource.toString());
        writer.flush();
        assertThat(rc).as("javac:\n%s", messages).isZero();
        return classes;
    }

    /** The modules holding the native libraries for this platform, e.g. {@code org.bytedeco.opencv.linux.x86_64}. */
    private static List<String> nativeModules(List<Path> modulePath) {
        String suffix = "." + Loader.getPlatform().replace('-', '.');
        List<String> names = ModuleFinder.of(modulePath.toArray(Path[]::new)).findAll().stream()
                .map(ModuleReference::descriptor).map(ModuleDescriptor::name).filter(n -> n.endsWith(suffix)).sorted().toList();
        assertThat(names).as("native modules on the module path").isNotEmpty();
        return names;
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
