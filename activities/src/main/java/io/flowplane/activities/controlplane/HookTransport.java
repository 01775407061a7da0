package io.flowplane.activities.controlplane;

import io.flowplane.core.controlplane.AdminTls;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * How the worker reaches the control-plane hooks, which carry FLOWPLANE_ADMIN_TOKEN and database URLs:
 * over HTTPS verified against {@value AdminTls#CA_PATH} when it is set; plain HTTP is only for loopback.
 */
public final class HookTransport {
    private HookTransport() {}

    /** The TLS to verify hooks with, or null for the JVM's defaults. */
    public static SSLContext tls(Map<String, String> env) {
        String ca = env.get(AdminTls.CA_PATH);
        return ca == null || ca.isBlank() ? null : AdminTls.trusting(Path.of(ca.strip()));
    }

    /**
     * The hooks the admin token would reach in clear: plain-HTTP URLs of hosts that are not loopback. With a CA
     * configured they are refused at start; without, the worker warns.
     */
    public static List<String> inClear(Collection<String> hookUrls) {
        return hookUrls.stream().filter(url -> url.startsWith("http://") && !loopback(URI.create(url).getHost())).toList();
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
