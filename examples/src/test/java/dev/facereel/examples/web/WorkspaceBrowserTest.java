package dev.facereel.examples.web;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A workspace server on a fresh data root and a headless browser, for each test. */
abstract class WorkspaceBrowserTest {
    @TempDir
    Path data;

    WebServer server;
    Browser browser;

    /** Whether the server runs each job in a child JVM. */
    boolean workerProcesses() {
        return false;
    }

    @BeforeEach
    void startServerAndBrowser() throws Exception {
        Browser.requireChromium();
        server = Workspaces.start(data, workerProcesses());
        browser = Browser.open();
    }

    @AfterEach
    void stopServerAndBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
