package dev.facereel.examples.common;

import java.util.List;
import java.util.stream.Collectors;

/** CSV lines as RFC 4180 writes them: a field with a comma, a quote or a line break is quoted, quotes doubled. */
public final class Csv {
    private Csv() {
    }

    /** One line of fields, without the line break; a null field is empty. */
    public static String line(List<String> fields) {
        return fields.stream().map(Csv::field).collect(Collectors.joining(","));
    }

    public static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
