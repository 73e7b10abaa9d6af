package dev.facereel.jobstore.postgres.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards every TCP connection it accepts, on any of this host's addresses, to the database server of a connection
 * string: how workers in network namespaces reach a server that listens on loopback only.
 */
final class TcpRelay implements AutoCloseable {
    private final URI server;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private TcpRelay(URI server) throws IOException {
        this.server = server;
        this.listener = new ServerSocket(0);
        Thread accept = new Thread(this::acceptAll, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A relay to the server of {@code url} ({@code postgres://user:password@host:port/db?…}). */
    static TcpRelay to(String url) throws IOException {
        return new TcpRelay(URI.create(url));
    }

    /** The connection string with this relay, reached at {@code address}, in place of the server. */
    String url(String address) {
        try {
            return new URI(server.getScheme(), server.getRawUserInfo(), address, listener.getLocalPort(),
                    server.getRawPath(), server.getRawQuery(), null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            Socket in;
            try {
                in = listener.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket out = new Socket();
                open.addAll(List.of(in, out));
                out.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5000);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                closeQuietly(in); // the server refused: the client sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to) throws IOException {
        InputStream source = from.getInputStream();
        OutputStream sink = to.getOutputStream();
        Thread t = new Thread(() -> {
            try {
                source.transferTo(sink);
            } catch (IOException e) {
                // either side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(TcpRelay::closeQuietly);
    }
}
