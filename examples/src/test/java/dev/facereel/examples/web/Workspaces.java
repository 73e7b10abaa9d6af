package dev.facereel.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A workspace server for a test: loopback, a free port, the OpenCV defaults at 5 fps and short job timings. */
final class Workspaces {
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final Duration STALL_AFTER = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Workspaces() {
    }

    static WebServer start(Path dataRoot, boolean workerProcesses) throws IOException {
        return WebServer.start(settings(dataRoot).withWorkerProcesses(workerProcesses));
    }

    /** The test servers' settings: loopback, a free port, 5 fps, short timings, one thread. */
    static ServeSettings settings(Path dataRoot) {
        return ServeSettings.defaults(dataRoot).withPort(0).withSampleFps(5).withTimings(HEARTBEAT, STALL_AFTER)
                .withTuning(1, 1);
    }

    /** The same with the real ONNX models of the shared assets (scrfd and arcface). */
    static ServeSettings withModels(ServeSettings settings) {
        return settings.withProviders("scrfd", dev.facereel.spi.testing.SharedAssets.model("scrfd_2.5g_bnkps.onnx"),
                "arcface", dev.facereel.spi.testing.SharedAssets.model("mobilefacenet.onnx"));
    }

    /** An API answer: its status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    static Answer get(WebServer server, String path) {
        return send(HttpRequest.newBuilder(server.uri().resolve(path)).GET());
    }

    /** A POST as the page makes it: JSON, with the server's CSRF token and from its own origin. */
    static Answer post(WebServer server, String path, String json) {
        return send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", "application/json")
                .header("X-CSRF-Token", csrf(server)).header("Origin", origin(server))
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any request, as given. */
    static Answer send(WebServer server, HttpRequest.Builder request) {
        return send(request);
    }

    static String csrf(WebServer server) {
        return get(server, "/api/session").body().path("csrf_token").asText();
    }

    static String origin(WebServer server) {
        String uri = server.uri().toString();
        return uri.substring(0, uri.length() - 1);
    }

    /** The text of a GET (a CSV download, say). */
    static String text(WebServer server, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(30)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String episodeUrl(WebServer server, String key) {
        return server.uri().resolve("/episode.html?key=" + key).toString();
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI uri(WebServer server, String path) {
        return server.uri().resolve(path);
    }
}
