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
        return WebServer.start(ServeSettings.defaults(dataRoot).withPort(0).withSampleFps(5)
                .withTimings(HEARTBEAT, STALL_AFTER).withWorkerProcesses(workerProcesses).withTuning(1, 1));
    }

    /** An API answer: its status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    static Answer get(WebServer server, String path) {
        return send(HttpRequest.newBuilder(server.uri().resolve(path)).GET());
    }

    static Answer post(WebServer server, String path, String json) {
        return send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static String episodeUrl(WebServer server, String key) {
        return server.uri().resolve("/episode.html?key=" + key).toString();
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
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
