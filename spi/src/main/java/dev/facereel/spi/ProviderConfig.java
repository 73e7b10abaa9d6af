package dev.facereel.spi;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings handed to a provider's {@code create}: an optional model file and string options
 * ({@code threads}, {@code threshold}, …). Typed getters raise {@link InvalidInputException} naming the
 * key and the bad value. Immutable and thread-safe.
 */
public record ProviderConfig(Path model, Map<String, String> options) {
    /** The key under which a model path is reported in {@link #describe()}. */
    public static final String MODEL = "model";

    public ProviderConfig {
        options = Map.copyOf(options);
    }

    public static ProviderConfig empty() {
        return new ProviderConfig(null, Map.of());
    }

    public static ProviderConfig ofModel(Path model) {
        return new ProviderConfig(model, Map.of());
    }

    /** This config with one option added or replaced. */
    public ProviderConfig with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(options);
        copy.put(key, value);
        return new ProviderConfig(model, copy);
    }

    /** This config with a different model file. */
    public ProviderConfig withModel(Path newModel) {
        return new ProviderConfig(newModel, options);
    }

    public Optional<Path> modelPath() {
        return Optional.ofNullable(model);
    }

    /**
     * The model path, required by the named provider.
     *
     * @throws InvalidInputException when no model was given
     */
    public Path requireModel(String provider) {
        if (model == null) {
            throw new InvalidInputException("provider '" + provider + "' needs a model file: set '" + MODEL
                    + "' to the path of an ONNX file");
        }
        return model;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** @throws InvalidInputException when the value is not an integer */
    public int intValue(String key, int defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("option '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    /** @throws InvalidInputException when the value is not a finite number */
    public float floatValue(String key, float defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            float f = Float.parseFloat(v.trim());
            if (Float.isFinite(f)) {
                return f;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("option '" + key + "' must be a finite number, got '" + v + "'");
    }

    /** A stable, sorted description of the options (without the model), for model ids and logs. */
    public String describe() {
        return new TreeMap<>(options).toString();
    }
}
