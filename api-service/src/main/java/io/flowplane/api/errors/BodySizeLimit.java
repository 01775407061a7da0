package io.flowplane.api.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over {@link #MAX_BYTES} with 413: by Content-Length before reading, and while
 * reading for chunked bodies that do not declare a length.
 */
@Provider
@PreMatching
@Priority(100)
public class BodySizeLimit implements ContainerRequestFilter {
    public static final int MAX_BYTES = 1024 * 1024;

    /** Thrown while reading a body that turns out too large. */
    public static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("request body larger than " + MAX_BYTES + " bytes");
        }
    }

    static ApiError error() {
        return new ApiError("payload_too_large", "request body is larger than " + MAX_BYTES + " bytes (1 MiB)", null);
    }

    /** Body readers wrap what the stream throws; look through the causes. */
    static boolean causedBy(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > MAX_BYTES) {
            request.abortWith(error().toResponse(413));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream()));
        }
    }

    private static final class Limited extends FilterInputStream {
        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BYTES) {
                throw new TooLarge();
            }
        }
    }
}
