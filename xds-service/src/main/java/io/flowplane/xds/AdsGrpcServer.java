package io.flowplane.xds;

import io.dropwizard.lifecycle.Managed;
import io.flowplane.xds.ads.AdsService;
import io.flowplane.xds.binding.CallIdentityInterceptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gRPC server carrying ADS (and grpc.health.v1), started and stopped with the application. */
public final class AdsGrpcServer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(AdsGrpcServer.class);

    private final InetSocketAddress address;
    private final AdsService ads;
    private final ExecutorService workers;
    private final Duration gracePeriod;
    private final TlsSettings tls;
    private final int maxInboundMessageSize;
    private final HealthStatusManager health = new HealthStatusManager();
    private Server server;

    /** @param maxInboundMessageSize bytes; a larger request ends its stream with RESOURCE_EXHAUSTED */
    public AdsGrpcServer(InetSocketAddress address, AdsService ads, ExecutorService workers, Duration gracePeriod,
            TlsSettings tls, int maxInboundMessageSize) {
        this.address = address;
        this.maxInboundMessageSize = maxInboundMessageSize;
        this.ads = ads;
        this.workers = workers;
        this.gracePeriod = gracePeriod;
        this.tls = tls;
    }

    @Override
    public void start() throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address);
        if (tls.enabled()) {
            builder.sslContext(sslContext(tls));
        }
        server = builder
                .addService(ServerInterceptors.intercept(ads, new CallIdentityInterceptor()))
                .addService(health.getHealthService())
                // Envoy may be configured with HTTP/2 keepalive pings; do not punish them.
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .maxInboundMessageSize(maxInboundMessageSize)
                .build()
                .start();
        LOG.info("ADS listening on {} ({})", address, !tls.enabled() ? "plaintext"
                : TlsSettings.isBlank(tls.getClientCaPath()) ? "TLS"
                : tls.isRequireClientCert() ? "mTLS, client certificate required" : "TLS, client certificate optional");
    }

    /** The bound port, e.g. when started on port 0. */
    public int port() {
        return server.getPort();
    }

    static SslContext sslContext(TlsSettings tls) throws IOException {
        tls.check();
        SslContextBuilder ssl = GrpcSslContexts.forServer(new File(tls.getCertPath()), new File(tls.getKeyPath()));
        if (!TlsSettings.isBlank(tls.getClientCaPath())) {
            ssl.trustManager(new File(tls.getClientCaPath()))
                    .clientAuth(tls.isRequireClientCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        return ssl.build();
    }

    /** Stops accepting streams, ends open ones with UNAVAILABLE so Envoys reconnect elsewhere, then waits. */
    @Override
    public void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        health.enterTerminalState();
        server.shutdown();
        ads.closeAllStreams(Status.UNAVAILABLE.withDescription("control plane shutting down"));
        if (!server.awaitTermination(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
            server.shutdownNow();
            server.awaitTermination(1, TimeUnit.SECONDS);
        }
        workers.shutdown();
        if (!workers.awaitTermination(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
            workers.shutdownNow();
        }
        LOG.info("ADS stopped");
    }
}
