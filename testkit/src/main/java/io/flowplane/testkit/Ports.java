package io.flowplane.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one port allocator for everything a test starts. Ports come from below the kernel's
 * ephemeral range (32768+): a port the kernel hands out for {@code ServerSocket(0)} can meanwhile
 * become the local port of an outgoing connection (database, gRPC), and a process started later
 * would then fail to bind it. A port is handed out once per JVM, so two parts of one test never get
 * the same port even before either binds it.
 */
public final class Ports {
    static final int LOW = 20000;
    static final int HIGH = 32000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {}

    /** A loopback port that is free now and was not handed out before in this JVM. */
    public static int next() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("no free loopback port between " + LOW + " and " + HIGH + " after 500 tries");
    }
}
