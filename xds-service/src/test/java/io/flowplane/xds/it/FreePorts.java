package io.flowplane.xds.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports that are free now, chosen below the usual ephemeral range (32768+): a port handed out by
 * the kernel for ServerSocket(0) can meanwhile become the local port of an outgoing connection
 * (database, gRPC), and Envoy would then fail to bind it later.
 */
final class FreePorts {
    private static final int LOW = 20000;
    private static final int HIGH = 32000;

    private FreePorts() {}

    static int next() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
    }
}
