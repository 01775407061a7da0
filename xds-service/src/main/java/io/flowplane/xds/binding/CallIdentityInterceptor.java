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

/**
 * Puts what a call presents to prove its dataplane into the call's context: the identity of the client's
 * TLS certificate, if it sent one, and the hash of its bearer credential, if it sent one.
 */
public final class CallIdentityInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        CertificateIdentity identity = identityOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        PresentedCredential credential = PresentedCredential.fromHeader(headers.get(AUTHORIZATION));
        Context context = Context.current()
                .withValue(CertificateIdentity.CONTEXT_KEY, identity)
                .withValue(PresentedCredential.CONTEXT_KEY, credential);
        return Contexts.interceptCall(context, call, headers, next);
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
