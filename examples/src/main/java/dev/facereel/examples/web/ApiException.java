package dev.facereel.examples.web;

import java.util.Map;

/** A request the API refuses: its HTTP status, a message for people, and extra fields for the JSON error body. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, Object> fields;

    ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    ApiException(int status, String message, Map<String, Object> fields) {
        super(message);
        this.status = status;
        this.fields = Map.copyOf(fields);
    }

    int status() {
        return status;
    }

    Map<String, Object> fields() {
        return fields;
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }
}
