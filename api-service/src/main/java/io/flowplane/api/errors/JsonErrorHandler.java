package io.flowplane.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals, made before a request reaches the API (a URI with an encoded '/' or '..', a
 * header block over the limit, a broken Content-Length), answered in the API's JSON error shape
 * instead of an HTML page, for every method. An HTTP version Jetty does not speak is the client's
 * error too: 400, not 505.
 */
public class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Integer, String> CODES = Map.of(
            400, "bad_request", 404, "not_found", 405, "method_not_allowed", 413, "payload_too_large",
            414, "uri_too_long", 431, "headers_too_large", 500, "internal", 503, "unavailable");
    /** Words in Jetty's reasons for a request line or URI it cannot route. */
    private static final List<String> URI_WORDS = List.of("uri", "path", "utf-8", "percent", "ambiguous", "segment", "separator");

    private static final int MAX_DETAIL = 200;

    private record Refusal(int status, ApiError error) {}

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        Refusal refusal = refusal(code, message, cause);
        response.setStatus(refusal.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json(refusal.error())), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(json(refusal(status, reason, null).error()));
    }

    private static Refusal refusal(int code, String reason, Throwable cause) {
        String detail = detail(code, reason, cause);
        String lower = detail.toLowerCase(Locale.ROOT);
        return switch (code) {
            case 414 -> new Refusal(code, error(code, "the request URI is longer than this server accepts"));
            case 431 -> new Refusal(code, error(code, "the request headers are larger than this server accepts"));
            case 505 -> new Refusal(400, error(400, "HTTP version not supported; send HTTP/1.1"));
            case 500 -> new Refusal(code, error(code, "internal error; see the server log"));
            default -> code < 400 || code > 499 ? new Refusal(code, error(code, detail))
                    : new Refusal(code, error(code, URI_WORDS.stream().anyMatch(lower::contains)
                            ? "the request URI is not valid: " + detail : "the HTTP request was refused: " + detail));
        };
    }

    private static ApiError error(int code, String message) {
        return new ApiError(CODES.getOrDefault(code, "http_" + code), message, null);
    }

    /** Jetty's reason, or the innermost cause that says more than the status text. */
    private static String detail(int code, String reason, Throwable cause) {
        String said = reason == null || isStatusText(code, reason) ? null : reason;
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof NumberFormatException) {
                return "a '%' in the URI is not followed by two hex digits";
            }
            if (c.getMessage() != null && !isStatusText(code, c.getMessage())) {
                said = c.getMessage().replaceFirst("^\\d{3}: ", "");
            }
        }
        if (said == null) {
            return HttpStatus.getMessage(code);
        }
        return said.length() <= MAX_DETAIL ? said : said.substring(0, MAX_DETAIL) + "...";
    }

    private static boolean isStatusText(int code, String text) {
        String status = HttpStatus.getMessage(code);
        return text.equals(status) || text.equals(code + ": " + status);
    }

    private static byte[] json(ApiError error) {
        try {
            return JSON.writeValueAsBytes(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
