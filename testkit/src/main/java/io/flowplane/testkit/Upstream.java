package io.flowplane.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * An HTTP backend on loopback for traffic through Envoy: it answers with a body that tells who it is,
 * counts what it served, and fails on demand.
 */
public final class Upstream implements AutoCloseable {
    private final String name;
    private final HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private volatile IntUnaryOperator statusOfRequest = request -> 200;

    private Upstream(String name, Function<HttpExchange, String> body) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.next()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start upstream " + name, e);
        }
        server.createContext("/", exchange -> {
            byte[] bytes = body.apply(exchange).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(statusOfRequest.applyAsInt(served.incrementAndGet()), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Answers every request with exactly {@code body}. */
    public static Upstream answering(String body) {
        return new Upstream(body, exchange -> body);
    }

    /** Answers "hello from NAME PATH", so a reply tells which upstream served which request. */
    public static Upstream named(String name) {
        return new Upstream(name, exchange -> "hello from " + name + " " + exchange.getRequestURI().getPath());
    }

    /** From now on answers 503 to the 1st, 3rd, 5th... request it serves and 200 to the others: one retry always succeeds. */
    public Upstream failingEveryOtherRequest() {
        statusOfRequest = request -> request % 2 == 1 ? 503 : 200;
        return this;
    }

    /** From now on answers every request with {@code status}, until {@link #recover()}. */
    public void failWith(int status) {
        statusOfRequest = request -> status;
    }

    public void recover() {
        statusOfRequest = request -> 200;
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests answered so far, failed ones included. */
    public int served() {
        return served.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
