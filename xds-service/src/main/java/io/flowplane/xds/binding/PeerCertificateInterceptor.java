package io.flowplane.xds.binding;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Puts the identity of the client's TLS certificate, if it sent one, into the call's context. */
public final class PeerCertificateInterceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        CertificateIdentity identity = identityOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        return Contexts.interceptCall(Context.current().withValue(CertificateIdentity.CONTEXT_KEY, identity), call,
                headers, next);
    }

    private static CertificateIdentity identityOf(SSLSession session) {
        if (session == null) {
            return CertificateIdentity.NONE;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf
                    ? CertificateIdentity.of(leaf)
                    : CertificateIdentity.NONE;
        } catch (SSLPeerUnverifiedException e) {
            return CertificateIdentity.NONE;
        }
    }
}
