package dev.facereel.core.internal.opencv;

import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;
import java.util.Set;
import java.util.TreeSet;

/** Checks of a {@link ProviderConfig} shared by the OpenCV providers, so a misspelt option fails loudly. */
final class ProviderOptions {
    private ProviderOptions() {
    }

    /** Rejects a model file and any option outside {@code known}. */
    static void requireOnly(ProviderConfig config, String provider, Set<String> known) {
        if (config.model() != null) {
            throw new InvalidInputException("provider '" + provider + "' needs no model file, but was given "
                    + config.model() + "; leave '" + ProviderConfig.MODEL + "' unset");
        }
        for (String key : config.options().keySet()) {
            if (!known.contains(key)) {
                throw new InvalidInputException("provider '" + provider + "' has no option '" + key
                        + "'; it accepts " + new TreeSet<>(known));
            }
        }
    }

    static int intInRange(ProviderConfig config, String key, int defaultValue, int min, int max) {
        int value = config.intValue(key, defaultValue);
        if (value < min || value > max) {
            throw new InvalidInputException("option '" + key + "' must be between " + min + " and " + max
                    + ", got " + value);
        }
        return value;
    }
}
