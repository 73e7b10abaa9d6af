package dev.facereel.examples.cli;

import dev.facereel.core.Stage;
import dev.facereel.spi.InvalidInputException;
import picocli.CommandLine;

/** Parses {@code detect}, {@code track}, {@code stills}, {@code cluster} or {@code name}. */
final class StageConverter implements CommandLine.ITypeConverter<Stage> {
    @Override
    public Stage convert(String value) {
        try {
            return Stage.fromId(value);
        } catch (InvalidInputException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
