package dev.facereel.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session over one model file, with the facts the providers check it by: the shape of its
 * single input and of each output, in declaration order. Not thread-safe to close while running.
 */
final class OnnxModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);
    private static final int SHORT_HASH = 12;

    private final String provider;
    private final Path file;
    private final String expected;
    private final String sha256;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final List<long[]> inputShapes;
    private final List<long[]> outputShapes;
    private final List<String> outputNames;
    private boolean closed;

    private OnnxModel(String provider, Path file, String expected, String sha256, OrtEnvironment env,
            OrtSession session) throws OrtException {
        this.provider = provider;
        this.file = file;
        this.expected = expected;
        this.sha256 = sha256;
        this.env = env;
        this.session = session;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        this.inputName = inputs.isEmpty() ? null : inputs.keySet().iterator().next();
        this.inputShapes = shapes(inputs);
        this.outputShapes = shapes(session.getOutputInfo());
        this.outputNames = List.copyOf(session.getOutputInfo().keySet());
        if (inputShapes.size() != 1) {
            throw mismatch();
        }
    }

    /**
     * Reads the model file and opens a session on it with {@code threads} intra-op threads, one inter-op thread
     * and sequential execution.
     *
     * @param expected what the provider needs, e.g. "an ArcFace-family embedder (...)", for error messages
     * @throws InvalidInputException when the file is missing, unreadable or not an ONNX model
     */
    static OnnxModel open(String provider, Path file, int threads, String expected) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("model file " + file + " for provider '" + provider
                    + "' does not exist; expected " + expected, e);
        } catch (IOException e) {
            throw new InvalidInputException("model file " + file + " for provider '" + provider
                    + "' cannot be read (" + e + "); expected " + expected, e);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "facereel");
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // ERROR hides harmless load-time warnings such as "Initializer ... appears in graph inputs".
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new InvalidInputException("model file " + file + " for provider '" + provider
                    + "' is not an ONNX model ONNX Runtime can load (" + e.getMessage() + "); expected " + expected, e);
        }
        try {
            OnnxModel model = new OnnxModel(provider, file, expected, sha256(bytes), env, session);
            LOG.debug("Opened {} with {} intra-op thread(s): inputs {}, outputs {}", model.describe(), threads,
                    text(model.inputShapes), text(model.outputShapes));
            return model;
        } catch (InvalidInputException e) {
            closeQuietly(session, e);
            throw e;
        } catch (OrtException e) {
            closeQuietly(session, e);
            throw new InvalidInputException("model file " + file + " for provider '" + provider
                    + "' could not be inspected (" + e.getMessage() + "); expected " + expected, e);
        }
    }

    /** {@code provider:file@sha256-prefix}, the part of a model id that names the model bytes. */
    String describe() {
        return provider + ":" + file.getFileName() + "@" + sha256.substring(0, SHORT_HASH);
    }

    /** The shape of the single input; -1 marks a dynamic dimension. */
    long[] inputShape() {
        return inputShapes.get(0).clone();
    }

    /** The shape of each output, in declaration order; a non-tensor output has no dimensions. */
    List<long[]> outputShapes() {
        return outputShapes.stream().map(long[]::clone).toList();
    }

    /** The name of each output, in declaration order. */
    List<String> outputNames() {
        return outputNames;
    }

    OrtEnvironment environment() {
        return env;
    }

    /** An error saying the model's inputs or outputs do not fit this provider. */
    InvalidInputException mismatch() {
        return new InvalidInputException("model file " + file + " for provider '" + provider + "' does not fit: expected "
                + expected + "; found inputs " + text(inputShapes) + " and outputs " + outputs());
    }

    /**
     * Runs the model on one input tensor; the caller closes the result.
     *
     * @throws FaceReelException when inference fails
     */
    OrtSession.Result run(OnnxTensor input) {
        try {
            return session.run(Map.of(inputName, input));
        } catch (OrtException e) {
            throw new FaceReelException("inference with " + describe() + " failed: " + e.getMessage(), e);
        }
    }

    /** Output {@code index} of a result as a float buffer positioned at its start. */
    static FloatBuffer floats(OrtSession.Result result, int index) {
        return ((OnnxTensor) result.get(index)).getFloatBuffer();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing the session for {} failed: {}", describe(), e.getMessage());
        }
    }

    private static List<long[]> shapes(Map<String, NodeInfo> nodes) {
        return nodes.values().stream()
                .map(n -> n.getInfo() instanceof TensorInfo info ? info.getShape() : new long[0])
                .toList();
    }

    /** Each output as {@code name [shape]}. */
    private String outputs() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < outputShapes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(outputNames.get(i)).append(' ').append(Arrays.toString(outputShapes.get(i)));
        }
        return sb.append(']').toString();
    }

    private static String text(List<long[]> shapes) {
        return shapes.stream().map(Arrays::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    private static void closeQuietly(OrtSession session, Exception cause) {
        try {
            session.close();
        } catch (OrtException e) {
            cause.addSuppressed(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
