package io.flowplane.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowplane.testkit.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTP server speaking the AWS Query protocol (form-encoded {@code Action=...} requests, XML answers,
 * AWS error documents) for a test double. It checks each request's Signature Version 4, counts calls per
 * action, and injects faults on demand: an error answer, or a request that hangs.
 */
public final class AwsQueryServer implements AutoCloseable {
    public static final String ACCESS_KEY_ID = "AKIDFLOWPLANETEST";
    public static final String SECRET_ACCESS_KEY = "flowplane-test-double-secret";

    private final String namespace;
    private final SigV4Check signature;
    private final Map<String, Function<Map<String, String>, String>> actions;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "aws-double");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer server;

    private record Fault(AwsFault answer, Duration hang) {}

    /**
     * @param service   the signing name ({@code rds})
     * @param namespace the XML namespace of the answers
     * @param actions   action name -> handler from the request's parameters to the inner XML of {@code <ActionResult>};
     *                  a handler throws {@link AwsFault} to answer with an error
     */
    public AwsQueryServer(String service, String namespace, Map<String, Function<Map<String, String>, String>> actions) {
        this.namespace = namespace;
        this.signature = new SigV4Check(ACCESS_KEY_ID, SECRET_ACCESS_KEY, service);
        this.actions = Map.copyOf(actions);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.next()), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the " + service + " test double: " + e.getMessage(), e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** What the SDK's {@code endpointOverride} takes. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests for this action were signed correctly and reached it (faults included). */
    public int calls(String action) {
        AtomicInteger count = calls.get(action);
        return count == null ? 0 : count.get();
    }

    /** The next {@code times} calls of {@code action} are answered with this error instead. */
    public synchronized void failNext(String action, int times, int status, String code, String message) {
        for (int i = 0; i < times; i++) {
            faults.computeIfAbsent(action, a -> new ArrayDeque<>()).add(new Fault(new AwsFault(status, code, message), null));
        }
    }

    /** AWS's throttling answer, which the SDK retries on its own. */
    public void throttleNext(String action, int times) {
        failNext(action, times, 400, "Throttling", "Rate exceeded");
    }

    /** The next call of {@code action} gets no answer for this long (then is served normally). */
    public synchronized void hangNext(String action, Duration hang) {
        faults.computeIfAbsent(action, a -> new ArrayDeque<>()).add(new Fault(null, hang));
    }

    private synchronized Fault nextFault(String action) {
        Deque<Fault> queue = faults.get(action);
        return queue == null ? null : queue.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            AwsFault unsigned = signature.refusal(exchange, body);
            if (unsigned != null) {
                answer(exchange, unsigned.status(), unsigned.toXml(namespace, requestId));
                return;
            }
            Map<String, String> parameters = form(new String(body, StandardCharsets.UTF_8));
            String action = parameters.getOrDefault("Action", "");
            Function<Map<String, String>, String> handler = actions.get(action);
            if (handler == null) {
                AwsFault fault = new AwsFault(400, "InvalidAction", "The action " + action + " is not valid for this test double");
                answer(exchange, 400, fault.toXml(namespace, requestId));
                return;
            }
            calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
            Fault fault = nextFault(action);
            if (fault != null && fault.hang() != null) {
                sleep(fault.hang());
            } else if (fault != null) {
                answer(exchange, fault.answer().status(), fault.answer().toXml(namespace, requestId));
                return;
            }
            String result;
            try {
                result = handler.apply(parameters);
            } catch (AwsFault e) {
                answer(exchange, e.status(), e.toXml(namespace, requestId));
                return;
            }
            answer(exchange, 200, "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result
                    + "</" + action + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></"
                    + action + "Response>");
        } catch (RuntimeException e) {
            AwsFault fault = new AwsFault(500, "InternalFailure", "test double failed: " + e);
            answer(exchange, 500, fault.toXml(namespace, requestId));
        }
    }

    private static void answer(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : body.isEmpty() ? List.<String>of() : List.of(body.split("&"))) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
