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
    private static final Pattern EPISODE_PART = Pattern.compile("/api/episodes/([^/]+)/(status|jobs|edits|export\\.csv)");
    private static final Pattern STILL = Pattern.compile("/api/episodes/([^/]+)/stills/([^/]+)");
    private static final Pattern JOB_ACTION = Pattern.compile("/api/jobs/([^/]+)/(resume|cancel)");
    private static final Pattern SHOW = Pattern.compile("/api/shows/([^/]+)");
    private static final Pattern SHOW_PART = Pattern.compile("/api/shows/([^/]+)/(season\\.csv|folder|analyse|people)");
    private static final Pattern PERSON_ACTION = Pattern.compile("/api/shows/([^/]+)/people/([^/]+)/(rename|remove)");
    private static final Pattern PHOTO = Pattern.compile("/api/shows/([^/]+)/photos/([^/]+)");
    /** The largest reference photo accepted. */
    static final int MAX_UPLOAD = 20 * 1024 * 1024;
    /** How much of a too large upload is read (and dropped) so that the client hears the 413. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final Workspace workspace;
    private final Shows shows;
    private final Access access;

    ApiHandler(Workspace workspace, Shows shows, Access access) {
        this.workspace = workspace;
        this.shows = shows;
        this.access = access;
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
        boolean changes = !method.equals("GET") && !method.equals("HEAD");
        if (path.equals("/api/login")) {
            requireMethod(method, "POST");
            access.requireSameOrigin(ex, false);
            login(ex, text(body(ex), "token"));
            return;
        }
        access.requireToken(ex);
        if (changes) {
            access.requireSameOrigin(ex, true);
        }
        Matcher m;
        if (path.equals("/api/session")) {
            requireMethod(method, "GET");
            ObjectNode n = JSON.createObjectNode();
            n.put("auth_required", access.required());
            n.put("csrf_token", access.csrfToken());
            send(ex, 200, n);
        } else if (path.equals("/api/folders")) {
            requireMethod(method, "GET");
            send(ex, 200, workspace.media().list(query(ex).get("path")));
        } else if (path.equals("/api/shows")) {
            requireMethod(method, "GET");
            send(ex, 200, shows.list());
        } else if ((m = SHOW.matcher(path)).matches()) {
            requireMethod(method, "GET");
            send(ex, 200, shows.season(m.group(1)));
        } else if ((m = SHOW_PART.matcher(path)).matches()) {
            String show = m.group(1);
            switch (m.group(2)) {
                case "season.csv" -> {
                    requireMethod(method, "GET");
                    sendText(ex, "text/csv; charset=utf-8", show + "-season.csv", shows.seasonCsv(show));
                }
                case "folder" -> {
                    requireMethod(method, "POST");
                    send(ex, 202, shows.addFolder(show, text(body(ex), "folder")));
                }
                case "analyse" -> {
                    requireMethod(method, "POST");
                    send(ex, 202, shows.analyse(show, body(ex).get("episodes")));
                }
                default -> {
                    if (method.equals("GET")) {
                        send(ex, 200, shows.people(show));
                    } else if (method.equals("POST")) {
                        Map<String, String> q = query(ex);
                        send(ex, 201, shows.addPhoto(show, q.get("name"), q.get("version"), upload(ex)));
                    } else {
                        notAllowed(method, "GET, POST");
                    }
                }
            }
        } else if ((m = PERSON_ACTION.matcher(path)).matches()) {
            requireMethod(method, "POST");
            JsonNode body = body(ex);
            send(ex, 200, m.group(3).equals("rename")
                    ? shows.rename(m.group(1), m.group(2), text(body, "name"), text(body, "version"))
                    : shows.remove(m.group(1), m.group(2), text(body, "version")));
        } else if ((m = PHOTO.matcher(path)).matches()) {
            requireMethod(method, "GET");
            Path photo = shows.photo(m.group(1), m.group(2));
            sendFile(ex, photo, Shows.imageType(photo));
        } else if (path.equals("/api/stages")) {
            requireMethod(method, "GET");
            send(ex, 200, workspace.stages());
        } else if (path.equals("/api/episodes") || path.equals("/api/episodes/")) {
            if (method.equals("GET")) {
                send(ex, 200, workspace.episodes());
            } else if (method.equals("POST")) {
                JsonNode body = body(ex);
                send(ex, 201, workspace.register(text(body, "id"), text(body, "video"), text(body, "show")));
            } else {
                notAllowed(method, "GET, POST");
            }
        } else if ((m = EPISODE.matcher(path)).matches()) {
            requireMethod(method, "GET");
            send(ex, 200, workspace.describe(m.group(1)));
        } else if ((m = EPISODE_PART.matcher(path)).matches()) {
            switch (m.group(2)) {
                case "status" -> {
                    requireMethod(method, "GET");
                    send(ex, 200, workspace.status(m.group(1)));
                }
                case "edits" -> {
                    requireMethod(method, "POST");
                    send(ex, 200, workspace.edit(m.group(1), body(ex)));
                }
                case "export.csv" -> {
                    requireMethod(method, "GET");
                    sendText(ex, "text/csv; charset=utf-8", m.group(1) + "-export.csv", shows.exportCsv(m.group(1)));
                }
                default -> {
                    requireMethod(method, "POST");
                    send(ex, 202, workspace.start(m.group(1), text(body(ex), "stage")));
                }
            }
        } else if ((m = STILL.matcher(path)).matches()) {
            requireMethod(method, "GET");
            sendFile(ex, workspace.still(m.group(1), m.group(2)), "image/jpeg");
        } else if ((m = JOB_ACTION.matcher(path)).matches()) {
            requireMethod(method, "POST");
            if (m.group(2).equals("resume")) {
                send(ex, 202, workspace.resume(m.group(1)));
            } else {
                JsonNode force = body(ex).get("force");
                send(ex, 202, workspace.cancel(m.group(1), force != null && force.asBoolean(false)));
            }
        } else {
            throw ApiException.notFound("no such API endpoint: " + method + " " + path);
        }
    }

    private void login(HttpExchange ex, String token) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("auth_required", access.required());
        if (access.required()) {
            if (token == null || !access.matches(token.strip())) {
                throw new ApiException(401, "wrong access token");
            }
            ex.getResponseHeaders().add("Set-Cookie", access.loginCookie());
        }
        n.put("logged_in", true);
        send(ex, 200, n);
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            try {
                out.put(java.net.URLDecoder.decode(k, java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed query parameter '" + k + "'");
            }
        }
        return out;
    }

    /** An uploaded file's bytes (the raw request body), at most {@link #MAX_UPLOAD}; 413 when larger. */
    private static byte[] upload(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("malformed Content-Length");
            }
        }
        ApiException tooLarge = new ApiException(413, "the photo is larger than " + MAX_UPLOAD / (1024 * 1024) + " MB");
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            if (declared > DRAIN_LIMIT) {
                // not worth reading: answer now, and the connection closes
                ex.getResponseHeaders().set("Connection", "close");
                throw tooLarge;
            }
            bytes = in.readNBytes(MAX_UPLOAD + 1);
            if (bytes.length > MAX_UPLOAD) {
                // read the rest, up to a limit, so that the client receives the answer instead of a reset
                // (read, not skip: the server's skip goes past the end of the request into the connection)
                byte[] sink = new byte[64 * 1024];
                long dropped = 0;
                for (int n; dropped < DRAIN_LIMIT && (n = in.read(sink)) > 0; ) {
                    dropped += n;
                }
                throw tooLarge;
            }
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("no photo in the request: send the image file as the request body");
        }
        return bytes;
    }

    private static void sendFile(HttpExchange ex, Path file, String type) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = ex.getResponseBody()) {
            Files.copy(file, out);
        }
    }

    private static void sendText(HttpExchange ex, String type, String fileName, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
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
        return Workspace.text(body, field);
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
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
