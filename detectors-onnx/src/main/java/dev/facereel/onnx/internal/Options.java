package dev.facereel.onnx.internal;

import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** One provider's options: rejects unknown keys and out-of-range values, naming the key and the value. */
final class Options {
    static final String THREADS = "threads";

    private final ProviderConfig config;

    Options(String provider, ProviderConfig config, Set<String> ownKeys) {
        this.config = config;
        Set<String> known = new TreeSet<>(ownKeys);
        known.add(THREADS);
        for (String key : config.options().keySet()) {
            if (!known.contains(key)) {
                throw new InvalidInputException("unknown option '" + key + "' (set to '" + config.options().get(key)
                        + "') for provider '" + provider
                        + "'; known options: " + String.join(", ", known));
            }
        }
    }

    /** Intra-op threads for the ONNX Runtime session, at least 1. */
    int threads() {
        return intAtLeast(THREADS, 1, 1);
    }

    int intAtLeast(String key, int defaultValue, int min) {
        int value = config.intValue(key, defaultValue);
        if (value < min) {
            throw bad(key, "an integer of at least " + min);
        }
        return value;
    }

    /** A number in (0, 1]. */
    float fraction(String key, float defaultValue) {
        float value = config.floatValue(key, defaultValue);
        if (!(value > 0f && value <= 1f)) {
            throw bad(key, "a number in (0, 1]");
        }
        return value;
    }

    float nonZero(String key, float defaultValue) {
        float value = config.floatValue(key, defaultValue);
        if (value == 0f) {
            throw bad(key, "a non-zero number");
        }
        return value;
    }

    float number(String key, float defaultValue) {
        return config.floatValue(key, defaultValue);
    }

    boolean flag(String key, boolean defaultValue) {
        String value = config.options().get(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, "true or false");
        };
    }

    String choice(String key, String defaultValue, Set<String> allowed) {
        String value = config.get(key).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse(defaultValue);
        if (!allowed.contains(value)) {
            throw bad(key, "one of " + String.join(", ", new TreeSet<>(allowed)));
        }
        return value;
    }

    private InvalidInputException bad(String key, String expected) {
        return new InvalidInputException("option '" + key + "' must be " + expected + ", got '"
                + config.options().get(key) + "'");
    }
}
