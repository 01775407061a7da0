package io.flowplane.xds.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/** A backend answering every request with its name (and 200, unless made to fail), for traffic through Envoy. */
final class Upstream implements AutoCloseable {
    final int port;
    private final HttpServer server;

    private Upstream(HttpServer server) {
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    static Upstream start(String body) {
        return start(body, request -> 200);
    }

    /** Answers 503 to the 1st, 3rd, 5th... request and 200 to the others: one retry always succeeds. */
    static Upstream failingEveryOtherRequest(String body) {
        return start(body, request -> request % 2 == 1 ? 503 : 200);
    }

    private static Upstream start(String body, LongUnaryOperator statusOfRequest) {
        AtomicLong requests = new AtomicLong();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders((int) statusOfRequest.applyAsLong(requests.incrementAndGet()), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return new Upstream(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
