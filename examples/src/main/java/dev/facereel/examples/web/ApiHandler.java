package dev.facereel.examples.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.NoSuchProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /api/}. Every failure is a JSON object {@code {"error": "...", ...}} with a 4xx or 5xx
 * status; no stack trace leaves the server.
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;
    private static final Pattern EPISODE = Pattern.compile("/api/episodes/([^/]+)");
    private static final Pattern EPISODE_PART = Pattern.compile("/api/episodes/([^/]+)/(status|jobs)");
    private static final Pattern STILL = Pattern.compile("/api/episodes/([^/]+)/stills/([^/]+)");
    private static final Pattern JOB_ACTION = Pattern.compile("/api/jobs/([^/]+)/(resume|cancel)");

    private final Workspace workspace;

    ApiHandler(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                route(ex);
            } catch (ApiException e) {
                error(ex, e.status(), e.getMessage(), e.fields());
            } catch (JobAlreadyRunningException e) {
                error(ex, 409, e.getMessage(), Map.of("job_id", e.jobId()));
            } catch (InvalidInputException | NoSuchProviderException e) {
                error(ex, 400, e.getMessage(), Map.of());
            } catch (FaceReelException e) {
                LOG.warn("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
                error(ex, 500, e.getMessage(), Map.of());
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                error(ex, 500, "internal error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                        Map.of());
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        Matcher m;
        if (path.equals("/api/stages")) {
            requireMethod(method, "GET");
            send(ex, 200, workspace.stages());
        } else if (path.equals("/api/episodes") || path.equals("/api/episodes/")) {
            if (method.equals("GET")) {
                send(ex, 200, workspace.episodes());
            } else if (method.equals("POST")) {
                JsonNode body = body(ex);
                send(ex, 201, workspace.register(text(body, "id"), text(body, "video")));
            } else {
                notAllowed(method, "GET, POST");
            }
        } else if ((m = EPISODE.matcher(path)).matches()) {
            requireMethod(method, "GET");
            send(ex, 200, workspace.describe(m.group(1)));
        } else if ((m = EPISODE_PART.matcher(path)).matches()) {
            if (m.group(2).equals("status")) {
                requireMethod(method, "GET");
                send(ex, 200, workspace.status(m.group(1)));
            } else {
                requireMethod(method, "POST");
                send(ex, 202, workspace.start(m.group(1), text(body(ex), "stage")));
            }
        } else if ((m = STILL.matcher(path)).matches()) {
            requireMethod(method, "GET");
            Path still = workspace.still(m.group(1), m.group(2));
            ex.getResponseHeaders().set("Content-Type", "image/jpeg");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, Files.size(still));
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(still, out);
            }
        } else if ((m = JOB_ACTION.matcher(path)).matches()) {
            requireMethod(method, "POST");
            send(ex, 202, m.group(2).equals("resume") ? workspace.resume(m.group(1)) : workspace.cancel(m.group(1)));
        } else {
            throw ApiException.notFound("no such API endpoint: " + method + " " + path);
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            notAllowed(method, allowed);
        }
    }

    private static void notAllowed(String method, String allowed) {
        throw new ApiException(405, "method " + method + " not allowed here; use " + allowed);
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiException(413, "request body larger than " + MAX_BODY + " bytes");
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static void error(HttpExchange ex, int status, String message, Map<String, Object> fields) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message == null ? "error" : message);
        fields.forEach((k, v) -> n.putPOJO(k, v));
        send(ex, status, n);
    }

    static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
