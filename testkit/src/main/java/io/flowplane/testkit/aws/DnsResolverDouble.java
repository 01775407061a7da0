package io.flowplane.testkit.aws;

import io.flowplane.testkit.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A TEST DOUBLE of Route 53's name servers: moto keeps Route 53's records but answers no DNS queries, so
 * this UDP server answers A queries from whatever {@code lookup} reads (in tests, moto's record sets),
 * for a real Envoy whose cluster resolves through it. Anything else gets an empty answer or NXDOMAIN.
 */
public final class DnsResolverDouble implements AutoCloseable {
    /** What a name resolves to: IPv4 addresses and the TTL to give them. */
    public record Answer(List<String> addresses, long ttlSeconds) {}

    private static final int TYPE_A = 1;
    private final DatagramSocket socket;
    private final Function<String, Optional<Answer>> lookup;
    private final Thread thread;

    private DnsResolverDouble(DatagramSocket socket, Function<String, Optional<Answer>> lookup) {
        this.socket = socket;
        this.lookup = lookup;
        this.thread = new Thread(this::serve, "dns-double-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** @param lookup from a name without its final dot, lower case, to its answer; empty: no such name */
    public static DnsResolverDouble start(Function<String, Optional<Answer>> lookup) {
        try {
            return new DnsResolverDouble(new DatagramSocket(new InetSocketAddress("127.0.0.1", Ports.next())), lookup);
        } catch (SocketException e) {
            throw new IllegalStateException("cannot open the DNS double: " + e.getMessage(), e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket request = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(request);
                byte[] reply = answer(ByteBuffer.wrap(request.getData(), 0, request.getLength()));
                socket.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(ByteBuffer query) throws IOException {
        int id = Short.toUnsignedInt(query.getShort(0));
        int questionStart = 12;
        StringBuilder name = new StringBuilder();
        int position = questionStart;
        for (int length = Byte.toUnsignedInt(query.get(position)); length > 0; length = Byte.toUnsignedInt(query.get(position))) {
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = 1; i <= length; i++) {
                name.append((char) query.get(position + i));
            }
            position += length + 1;
        }
        int questionEnd = position + 1 + 4;
        int type = Short.toUnsignedInt(query.getShort(position + 1));
        Optional<Answer> found = lookup.apply(name.toString().toLowerCase(Locale.ROOT));
        List<String> addresses = found.isPresent() && type == TYPE_A ? found.get().addresses() : List.of();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12);
        header.putShort((short) id);
        header.putShort((short) (0x8400 | 0x0100 | (found.isEmpty() ? 3 : 0))); // response, authoritative, RD copied; NXDOMAIN
        header.putShort((short) 1).putShort((short) addresses.size()).putShort((short) 0).putShort((short) 0);
        out.write(header.array());
        out.write(query.array(), query.arrayOffset() + questionStart, questionEnd - questionStart);
        for (String address : addresses) {
            ByteBuffer record = ByteBuffer.allocate(16);
            record.putShort((short) 0xC00C).putShort((short) TYPE_A).putShort((short) 1)
                    .putInt((int) found.get().ttlSeconds()).putShort((short) 4).put(InetAddress.getByName(address).getAddress());
            out.write(record.array());
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
